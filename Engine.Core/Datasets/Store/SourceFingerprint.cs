using System.Text.Json;

namespace ClusterGcn.Engine.Core.Datasets.Store;

/// <summary>What a processed store was built from: each source file's name, size and last-write time. Comparing it
/// costs a few <c>stat</c> calls, so a later load knows the store is current without reading the source.</summary>
internal sealed record SourceFingerprint(IReadOnlyList<SourceFingerprint.Entry> Files)
{
    /// <summary>One source file.</summary>
    /// <param name="Name">Its path relative to the dataset (or its file name).</param>
    /// <param name="Size">Bytes.</param>
    /// <param name="ModifiedTicks">Last write time, UTC ticks.</param>
    public sealed record Entry(string Name, long Size, long ModifiedTicks);

    /// <summary>The fingerprint of <paramref name="files"/>, named relative to <paramref name="root"/>.</summary>
    /// <exception cref="FileNotFoundException">A file is missing (the message names it).</exception>
    public static SourceFingerprint Of(IEnumerable<string> files, string root)
    {
        var entries = new List<Entry>();
        foreach (string file in files)
        {
            var info = new FileInfo(file);
            if (!info.Exists) throw new FileNotFoundException($"{file}: file not found.", file);
            entries.Add(new Entry(Path.GetRelativePath(root, info.FullName), info.Length, info.LastWriteTimeUtc.Ticks));
        }
        return new SourceFingerprint(entries);
    }

    /// <summary>Whether both list the same files with the same sizes and times.</summary>
    public bool Matches(SourceFingerprint other) => Files.SequenceEqual(other.Files);

    /// <summary>Writes the fingerprint as a JSON array.</summary>
    public void Write(Utf8JsonWriter json)
    {
        json.WriteStartArray();
        foreach (var entry in Files)
        {
            json.WriteStartObject();
            json.WriteString("name", entry.Name);
            json.WriteNumber("size", entry.Size);
            json.WriteNumber("modifiedTicks", entry.ModifiedTicks);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    /// <summary>Reads what <see cref="Write"/> wrote.</summary>
    public static SourceFingerprint Read(JsonElement array) =>
        new([.. array.EnumerateArray().Select(e => new Entry(e.GetProperty("name").GetString()!, e.GetProperty("size").GetInt64(), e.GetProperty("modifiedTicks").GetInt64()))]);
}
