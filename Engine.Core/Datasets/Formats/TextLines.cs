using System.Globalization;
using System.IO.Compression;
using ClusterGcn.Engine.Partitioning.IO;

namespace ClusterGcn.Engine.Core.Datasets.Formats;

/// <summary>Reads a text file (gzip-compressed when its name ends in <c>.gz</c>) line by line, splitting lines into
/// fields at tabs, commas or spaces, and parses numbers with one-line errors that name the file and line.</summary>
internal sealed class TextLines : IDisposable
{
    private static readonly char[] Separators = ['\t', ',', ' '];
    private readonly StreamReader reader;
    private string line = "";

    private TextLines(string path, Stream stream) => (Path, reader) = (path, new StreamReader(stream, bufferSize: 1 << 16));

    /// <summary>The file being read.</summary>
    public string Path { get; }

    /// <summary>The 1-based number of the current line.</summary>
    public long LineNumber { get; private set; }

    /// <summary>Opens <paramref name="path"/>, decompressing it when it ends in <c>.gz</c>.</summary>
    /// <exception cref="InvalidDataException">A <c>.gz</c> file that is not gzip.</exception>
    /// <exception cref="FileNotFoundException">No such file (its message names the file).</exception>
    public static TextLines Open(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: file not found.", path);
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        if (!path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)) return new TextLines(path, stream);
        Span<byte> magic = stackalloc byte[2];
        int read = stream.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        if (read < 2 || magic[0] != 0x1f || magic[1] != 0x8b)
        {
            stream.Dispose();
            throw new InvalidDataException($"{path}: not a gzip file (it does not start with the gzip magic bytes 1f 8b).");
        }
        stream.Position = 0;
        return new TextLines(path, new GZipStream(stream, CompressionMode.Decompress));
    }

    /// <summary>Moves to the next line that is not blank; false at the end of the file.</summary>
    public bool Next()
    {
        while (true)
        {
            string? next;
            try
            {
                next = reader.ReadLine();
            }
            catch (InvalidDataException e)
            {
                throw new InvalidDataException($"{Path}: corrupt gzip stream after line {LineNumber} ({e.Message.ReplaceLineEndings(" ")})");
            }
            if (next is null) return false;
            LineNumber++;
            if (!string.IsNullOrWhiteSpace(next))
            {
                line = next;
                return true;
            }
        }
    }

    /// <summary>The fields of the current line.</summary>
    public string[] Fields() => line.Split(Separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The fields of the current line, which must be exactly <paramref name="count"/>.</summary>
    public string[] Fields(int count)
    {
        var fields = Fields();
        return fields.Length == count ? fields : throw Error($"expected {count} fields, found {fields.Length}.");
    }

    /// <summary><paramref name="field"/> as an integer.</summary>
    public long Long(string field) =>
        long.TryParse(field, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value) ? value : throw Error($"'{ErrorText.Quote(field)}' is not an integer.");

    /// <summary><paramref name="field"/> as a node id in [0, <paramref name="nodeCount"/>).</summary>
    public int Node(string field, int nodeCount)
    {
        long value = Long(field);
        return value >= 0 && value < nodeCount ? (int)value : throw Error($"node id {value} is outside [0, {nodeCount}).");
    }

    /// <summary><paramref name="field"/> as a float.</summary>
    public float Float(string field) =>
        float.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out float value) ? value : throw Error($"'{ErrorText.Quote(field)}' is not a number.");

    /// <summary>An error about the current line.</summary>
    public InvalidDataException Error(string problem) => new($"{Path}: line {LineNumber}: {problem}");

    /// <inheritdoc/>
    public void Dispose() => reader.Dispose();
}
