using System.IO.Compression;
using ClusterGcn.Engine.Partitioning.IO;

namespace ClusterGcn.Engine.Tests.Datasets;

/// <summary>Writes the NumPy files of the array layouts for tests: <c>.npy</c> files and <c>.npz</c> archives.</summary>
public static class ArrayFiles
{
    /// <summary>One array as the bytes of a <c>.npy</c> file.</summary>
    public static byte[] Npy<T>(T[] data, params long[] shape) where T : unmanaged
    {
        using var buffer = new MemoryStream();
        NpyWriter.Write<T>(buffer, data, shape.Length == 0 ? [data.Length] : shape);
        return buffer.ToArray();
    }

    /// <summary>Writes <paramref name="data"/> to <paramref name="path"/> as <c>.npy</c>.</summary>
    public static void Save<T>(string path, T[] data, params long[] shape) where T : unmanaged => File.WriteAllBytes(path, Npy(data, shape));

    /// <summary>An <c>.npz</c> archive of the given members (name without <c>.npy</c>, file bytes).</summary>
    public static void Npz(string path, CompressionLevel compression, params (string Name, byte[] Npy)[] members)
    {
        using var archive = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var (name, npy) in members)
        {
            using var stream = archive.CreateEntry(name + ".npy", compression).Open();
            stream.Write(npy);
        }
    }
}
