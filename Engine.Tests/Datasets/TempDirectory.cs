using System.IO.Compression;
using System.Text;

namespace ClusterGcn.Engine.Tests.Datasets;

/// <summary>A temporary directory for dataset files, deleted on dispose, with writers for the text layouts.</summary>
public sealed class TempDirectory : IDisposable
{
    /// <summary>Creates an empty directory.</summary>
    public TempDirectory() => Path = Directory.CreateTempSubdirectory("cgcn-data-").FullName;

    /// <summary>The directory.</summary>
    public string Path { get; }

    /// <summary>The path of <paramref name="name"/> inside it (creating its parent directories).</summary>
    public string File(string name)
    {
        string path = System.IO.Path.Combine(Path, name);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        return path;
    }

    /// <summary>Writes <paramref name="lines"/>, gzip-compressed when the name ends in .gz.</summary>
    public string Text(string name, params string[] lines)
    {
        string path = File(name);
        byte[] bytes = Encoding.ASCII.GetBytes(string.Concat(lines.Select(l => l + "\n")));
        using var file = System.IO.File.Create(path);
        if (name.EndsWith(".gz", StringComparison.Ordinal))
        {
            using var gzip = new GZipStream(file, CompressionLevel.Fastest);
            gzip.Write(bytes);
        }
        else file.Write(bytes);
        return path;
    }

    /// <inheritdoc/>
    public void Dispose() => Directory.Delete(Path, recursive: true);
}
