using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;

namespace ClusterGcn.Engine.Tests.Datasets.Synthetic;

/// <summary>A <c>.npy</c> file as the tests see it: dtype string, shape and the raw little-endian data, checked to be
/// exactly as long as the shape says.</summary>
internal sealed partial record NpyArray(string Descr, long[] Shape, byte[] Data)
{
    public static NpyArray Read(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        int headerLength = bytes[8] | bytes[9] << 8;
        var header = Header().Match(Encoding.ASCII.GetString(bytes, 10, headerLength));
        Assert.That(header.Success, $"{path}: header");
        long[] shape = header.Groups["shape"].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(long.Parse).ToArray();
        byte[] data = bytes[(10 + headerLength)..];
        Assert.That(data.LongLength, Is.EqualTo(shape.Aggregate(1L, (a, b) => a * b) * ElementSize(header.Groups["descr"].Value)), $"{path}: data length");
        return new NpyArray(header.Groups["descr"].Value, shape, data);
    }

    public T[] As<T>() where T : unmanaged => MemoryMarshal.Cast<byte, T>(Data).ToArray();

    private static int ElementSize(string descr) => descr switch { "<i8" => 8, "<f4" or "<i4" => 4, "|b1" or "|u1" => 1, _ => throw new AssertionException($"dtype {descr}") };

    [GeneratedRegex(@"^\{'descr': '(?<descr>[^']+)', 'fortran_order': False, 'shape': \((?<shape>[0-9, ]*)\), \} *\n$")]
    private static partial Regex Header();
}
