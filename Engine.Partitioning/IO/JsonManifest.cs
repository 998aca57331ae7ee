using System.Text.Json;

namespace ClusterGcn.Engine.Partitioning.IO;

/// <summary>The framing every manifest the engine writes shares (partition caches, processed dataset stores): a JSON
/// object that starts with <c>format</c> and <c>version</c>, indented, ending with a newline; and on reading, one
/// one-line error naming the file for anything malformed.</summary>
public static class JsonManifest
{
    /// <summary>The manifest as UTF-8 bytes: <c>format</c> and <c>version</c>, then what <paramref name="body"/> writes.</summary>
    public static byte[] Write(string format, int version, Action<Utf8JsonWriter> body)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("format", format);
            json.WriteNumber("version", version);
            body(json);
            json.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    /// <summary>Reads the manifest at <paramref name="path"/>: checks its <c>format</c>, then hands the root object and
    /// its <c>version</c> to <paramref name="parse"/>.</summary>
    /// <exception cref="InvalidDataException">Not JSON, another format, or a field missing or of the wrong type (one
    /// line naming the file).</exception>
    public static T Read<T>(string path, string format, Func<JsonElement, int, T> parse)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("format", out var name) || name.GetString() != format)
                throw new InvalidDataException($"{path}: not a {format} manifest.");
            return parse(root, root.GetProperty("version").GetInt32());
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException)
        {
            throw new InvalidDataException($"{path}: corrupt manifest ({e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")})");
        }
    }
}
