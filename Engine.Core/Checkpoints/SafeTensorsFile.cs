using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using ClusterGcn.Engine.Partitioning.IO;

namespace ClusterGcn.Engine.Core.Checkpoints;

/// <summary>Reads and writes the safetensors format that <c>safetensors.torch.load_file</c> opens: an 8-byte
/// little-endian header length n, n bytes of UTF-8 JSON, then the tensors' bytes, contiguous.</summary>
/// <remarks>
/// The header maps each tensor name to <c>{"dtype":"F32","shape":[...],"data_offsets":[begin,end]}</c>, offsets
/// relative to the first byte after the header, plus an optional <c>"__metadata__"</c> map of strings. The writer lays
/// a file out exactly as the Python library does: compact JSON, <c>__metadata__</c> first, tensors sorted by name
/// (ordinal; they are all F32, so the library's first key, dtype alignment, ties), the header padded with spaces to a
/// multiple of 8 bytes. The reader accepts F32, F64, F16 and BF16 and converts them to float, and rejects anything a
/// careful reader must: each problem is one <see cref="InvalidDataException"/> line naming the file.
/// </remarks>
public static class SafeTensorsFile
{
    /// <summary>The largest header accepted (the Python library's limit): a corrupt length cannot make us allocate more.</summary>
    public const long MaxHeaderBytes = 100_000_000;

    private const string MetadataKey = "__metadata__";

    // Element sizes of every dtype the format defines; only the float types convert.
    private static readonly Dictionary<string, int> DtypeSizes = new(StringComparer.Ordinal)
    {
        ["F64"] = 8, ["F32"] = 4, ["F16"] = 2, ["BF16"] = 2,
        ["I64"] = 8, ["U64"] = 8, ["I32"] = 4, ["U32"] = 4, ["I16"] = 2, ["U16"] = 2,
        ["I8"] = 1, ["U8"] = 1, ["BOOL"] = 1, ["F8_E5M2"] = 1, ["F8_E4M3"] = 1,
    };

    private static readonly JsonWriterOptions HeaderJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes <paramref name="tensors"/> (and <paramref name="metadata"/>) to <paramref name="path"/>, atomically.</summary>
    /// <returns>The SHA-256 of the data section, as <see cref="Write"/> returns it.</returns>
    public static string Save(string path, IReadOnlyList<NamedTensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        string digest = "";
        AtomicWrite.File(path, stream => digest = Write(stream, tensors, metadata));
        return digest;
    }

    /// <summary>Writes a whole safetensors file to <paramref name="stream"/>: tensors as F32, sorted by name.</summary>
    /// <returns>Lower-case hex SHA-256 of the tensor bytes (the data section), for a manifest to record.</returns>
    /// <exception cref="ArgumentException">Two tensors share a name, or a name is <c>__metadata__</c>.</exception>
    public static string Write(Stream stream, IReadOnlyList<NamedTensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        RequireLittleEndian();
        var ordered = tensors.OrderBy(t => t.Name, StringComparer.Ordinal).ToArray();
        for (int i = 0; i < ordered.Length; i++)
        {
            if (ordered[i].Name == MetadataKey) throw new ArgumentException($"safetensors: '{MetadataKey}' is reserved and cannot name a tensor.", nameof(tensors));
            if (i > 0 && ordered[i].Name == ordered[i - 1].Name)
                throw new ArgumentException($"safetensors: two tensors are named '{ordered[i].Name}'.", nameof(tensors));
        }

        byte[] header = Header(ordered, metadata);
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
        stream.Write(length);
        stream.Write(header);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var tensor in ordered)
        {
            var bytes = MemoryMarshal.AsBytes(tensor.Data.Span);
            stream.Write(bytes);
            hash.AppendData(bytes);
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>Reads and validates the safetensors file at <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDataException">The file is not a valid safetensors file of float tensors (one line naming it).</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static SafeTensorsContent Read(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16, FileOptions.SequentialScan);
        return Read(stream, path);
    }

    /// <summary>Reads and validates a safetensors file from a seekable <paramref name="stream"/> holding exactly the file;
    /// <paramref name="source"/> names it in errors.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a valid safetensors file of float tensors (one line naming <paramref name="source"/>).</exception>
    public static SafeTensorsContent Read(Stream stream, string source)
    {
        InvalidDataException Error(string problem) => new($"{source}: {problem}");
        RequireLittleEndian();

        long fileLength = stream.Length;
        if (fileLength < 8) throw Error($"truncated: {fileLength} bytes; a safetensors file starts with an 8-byte header length.");
        Span<byte> lengthBytes = stackalloc byte[8];
        stream.ReadExactly(lengthBytes);
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
        if (headerLength > MaxHeaderBytes) throw Error($"header length {headerLength} exceeds the {MaxHeaderBytes:N0}-byte limit (not a safetensors file?).");
        if ((long)headerLength > fileLength - 8) throw Error($"header length {headerLength} runs past the end of the file ({fileLength} bytes).");
        var header = new byte[headerLength];
        stream.ReadExactly(header);

        var (entries, metadata) = ParseHeader(header, Error);
        long dataLength = fileLength - 8 - (long)headerLength;
        CheckLayout(entries, dataLength, Error);

        var tensors = new List<NamedTensor>(entries.Count);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var entry in entries)
        {
            if (entry.End - entry.Begin > Array.MaxLength) throw Error($"tensor '{ErrorText.Quote(entry.Name)}' has {entry.End - entry.Begin} bytes, more than one array holds.");
            var values = new float[entry.Count];
            if (entry.Dtype == "F32")
            {
                var bytes = MemoryMarshal.AsBytes(values.AsSpan());
                stream.ReadExactly(bytes);
                hash.AppendData(bytes);
            }
            else
            {
                var bytes = new byte[entry.End - entry.Begin];
                stream.ReadExactly(bytes);
                hash.AppendData(bytes);
                ToFloats(entry.Dtype, bytes, values);
            }
            tensors.Add(new NamedTensor(entry.Name, [.. entry.Shape.Select(d => (int)d)], values));
        }
        return new SafeTensorsContent(tensors, metadata, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    private sealed record Entry(string Name, string Dtype, long[] Shape, long Count, long Begin, long End);

    private static byte[] Header(NamedTensor[] ordered, IReadOnlyDictionary<string, string>? metadata)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, HeaderJson))
        {
            json.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                json.WriteStartObject(MetadataKey);
                foreach (var (key, value) in metadata.OrderBy(pair => pair.Key, StringComparer.Ordinal)) json.WriteString(key, value);
                json.WriteEndObject();
            }
            long offset = 0;
            foreach (var tensor in ordered)
            {
                json.WriteStartObject(tensor.Name);
                json.WriteString("dtype", "F32");
                json.WriteStartArray("shape");
                foreach (int dim in tensor.Shape) json.WriteNumberValue(dim);
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                offset += 4L * tensor.Data.Length;
                json.WriteNumberValue(offset);
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }
        while (buffer.Length % 8 != 0) buffer.WriteByte((byte)' ');
        return buffer.ToArray();
    }

    private static (List<Entry> Entries, Dictionary<string, string> Metadata) ParseHeader(byte[] header, Func<string, InvalidDataException> error)
    {
        if (header.Length == 0 || header[0] != (byte)'{') throw error("the header does not start with '{' (not a safetensors file?).");
        // The parser checks the structure, but a string's bytes only when the string is read, with an
        // InvalidOperationException: damaged bytes in a name would surface as that, far from here.
        if (!System.Text.Unicode.Utf8.IsValid(header)) throw error("the header is not valid UTF-8.");
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(header);
        }
        catch (JsonException e)
        {
            throw error($"the header is not valid JSON ({e.Message.ReplaceLineEndings(" ")})");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw error("the header is not a JSON object.");
            var entries = new List<Entry>();
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in root.EnumerateObject())
            {
                if (!seen.Add(property.Name)) throw error($"the header names '{ErrorText.Quote(property.Name)}' twice.");
                if (property.Name == MetadataKey)
                {
                    if (property.Value.ValueKind != JsonValueKind.Object) throw error($"'{MetadataKey}' is not an object of strings.");
                    foreach (var item in property.Value.EnumerateObject())
                    {
                        if (item.Value.ValueKind != JsonValueKind.String) throw error($"'{MetadataKey}' entry '{ErrorText.Quote(item.Name)}' is not a string.");
                        if (!metadata.TryAdd(item.Name, item.Value.GetString()!)) throw error($"'{MetadataKey}' names '{ErrorText.Quote(item.Name)}' twice.");
                    }
                    continue;
                }
                entries.Add(ParseEntry(property, error));
            }
            return (entries, metadata);
        }
    }

    private static Entry ParseEntry(JsonProperty property, Func<string, InvalidDataException> error)
    {
        string name = property.Name;
        var info = property.Value;
        // A name is any JSON string, line breaks included: quoted, so the error stays one line.
        InvalidDataException Bad(string problem) => error($"tensor '{ErrorText.Quote(name)}': {problem}");
        if (info.ValueKind != JsonValueKind.Object) throw Bad("its entry is not an object.");
        JsonElement Field(string field) =>
            info.TryGetProperty(field, out var value) ? value : throw Bad($"no \"{field}\".");

        var dtypeElement = Field("dtype");
        string dtype = dtypeElement.ValueKind == JsonValueKind.String ? dtypeElement.GetString()! : throw Bad("\"dtype\" is not a string.");
        if (!DtypeSizes.TryGetValue(dtype, out int size)) throw Bad($"unknown dtype '{ErrorText.Quote(dtype)}'.");
        if (dtype is not ("F32" or "F64" or "F16" or "BF16"))
            throw Bad($"dtype {dtype} is not a float type (F32, F64, F16 and BF16 are read).");

        long[] shape = Integers(Field("shape"), "\"shape\"", Bad);
        long[] offsets = Integers(Field("data_offsets"), "\"data_offsets\"", Bad);
        if (offsets.Length != 2) throw Bad($"\"data_offsets\" has {offsets.Length} entries, not [begin, end].");
        if (offsets[0] > offsets[1]) throw Bad($"data_offsets [{offsets[0]}, {offsets[1]}] end before they begin.");

        long count = 1;
        try
        {
            foreach (long dim in shape) count = checked(count * dim);
            long bytes = checked(count * size);
            if (bytes != offsets[1] - offsets[0])
                throw Bad($"data_offsets [{offsets[0]}, {offsets[1]}] hold {offsets[1] - offsets[0]} bytes, but shape {NamedTensor.Describe(shape)} of {dtype} needs {bytes}.");
        }
        catch (OverflowException)
        {
            throw Bad($"shape {NamedTensor.Describe(shape)} is too large.");
        }
        return new Entry(name, dtype, shape, count, offsets[0], offsets[1]);
    }

    private static long[] Integers(JsonElement element, string what, Func<string, InvalidDataException> error)
    {
        if (element.ValueKind != JsonValueKind.Array) throw error($"{what} is not an array.");
        var values = new long[element.GetArrayLength()];
        int i = 0;
        foreach (var item in element.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt64(out long value) || value < 0)
                throw error($"{what} holds {ErrorText.Quote(item.GetRawText())}, not a non-negative integer.");
            values[i++] = value;
        }
        return values;
    }

    // The tensors must tile the data section exactly: in offset order each begins where the previous one ended, the
    // first at 0, and the last ends at the end of the file. Sorting also puts the entries in reading order.
    private static void CheckLayout(List<Entry> entries, long dataLength, Func<string, InvalidDataException> error)
    {
        entries.Sort((a, b) => a.Begin != b.Begin ? a.Begin.CompareTo(b.Begin) : a.End.CompareTo(b.End));
        long end = 0;
        Entry? previous = null;
        foreach (var entry in entries)
        {
            if (entry.Begin < end)
                throw error($"tensors '{ErrorText.Quote(previous!.Name)}' [{previous.Begin}, {previous.End}] and '{ErrorText.Quote(entry.Name)}' [{entry.Begin}, {entry.End}] overlap.");
            if (entry.Begin > end)
                throw error($"{entry.Begin - end} bytes before tensor '{ErrorText.Quote(entry.Name)}' (at {entry.Begin}) belong to no tensor.");
            (end, previous) = (entry.End, entry);
        }
        if (end > dataLength) throw error($"truncated: the tensors need {end} data bytes, the file holds {dataLength}.");
        if (end < dataLength) throw error($"{dataLength - end} trailing bytes after the last tensor.");
    }

    private static void ToFloats(string dtype, ReadOnlySpan<byte> bytes, Span<float> values)
    {
        for (int i = 0; i < values.Length; i++)
            values[i] = dtype switch
            {
                "F64" => (float)BinaryPrimitives.ReadDoubleLittleEndian(bytes[(8 * i)..]),
                "F16" => (float)BinaryPrimitives.ReadHalfLittleEndian(bytes[(2 * i)..]),
                // bfloat16 is the upper half of a float32.
                _ => BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(bytes[(2 * i)..]) << 16),
            };
    }

    // Tensor bytes are copied to and from float arrays as they are: the format and every supported machine are little-endian.
    private static void RequireLittleEndian()
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("safetensors: big-endian machines are not supported.");
    }
}
