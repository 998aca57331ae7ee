using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace ClusterGcn.Engine.Partitioning.IO;

/// <summary>Writes NumPy <c>.npy</c> files (format 1.0, C order, little-endian): the header for a dtype and shape,
/// then the elements, streamed, so arrays larger than memory can be written in pieces.</summary>
/// <remarks>Every array the project writes (partitions, the processed dataset store, predictions) goes through here,
/// so numpy opens all of them with <c>np.load</c>.</remarks>
public static class NpyWriter
{
    /// <summary>The six bytes every <c>.npy</c> file starts with.</summary>
    public static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>The header of an array of <typeparamref name="T"/> with <paramref name="shape"/>: magic, version 1.0,
    /// and the dict literal padded so the data starts on a 64-byte boundary.</summary>
    /// <exception cref="ArgumentException"><typeparamref name="T"/> has no NumPy dtype here, or a dimension is negative.</exception>
    public static byte[] Header<T>(params ReadOnlySpan<long> shape) where T : unmanaged
    {
        var dims = new StringBuilder();
        foreach (long dim in shape)
        {
            if (dim < 0) throw new ArgumentException($"npy: negative dimension {dim} in the shape.", nameof(shape));
            dims.Append(dim.ToString(CultureInfo.InvariantCulture)).Append(',');
            if (shape.Length > 1) dims.Append(' ');
        }
        string dict = $"{{'descr': '{Descr<T>()}', 'fortran_order': False, 'shape': ({dims.ToString().TrimEnd()}), }}";
        int headerLength = (10 + dict.Length + 1 + 63) / 64 * 64 - 10;
        if (headerLength > ushort.MaxValue) throw new ArgumentException("npy: shape too long for a version 1.0 header.", nameof(shape));
        var bytes = new byte[10 + headerLength];
        Magic.CopyTo(bytes);
        bytes[6] = 1;
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), (ushort)headerLength);
        Encoding.ASCII.GetBytes(dict.PadRight(headerLength - 1) + "\n", bytes.AsSpan(10));
        return bytes;
    }

    /// <summary>The NumPy dtype string of <typeparamref name="T"/>: <c>&lt;i4</c>, <c>&lt;i8</c>, <c>&lt;f4</c>,
    /// <c>&lt;f8</c>, <c>|u1</c>, <c>|b1</c> (bool).</summary>
    public static string Descr<T>() where T : unmanaged => typeof(T) switch
    {
        var t when t == typeof(int) => "<i4",
        var t when t == typeof(long) => "<i8",
        var t when t == typeof(float) => "<f4",
        var t when t == typeof(double) => "<f8",
        var t when t == typeof(byte) => "|u1",
        var t when t == typeof(bool) => "|b1",
        var t => throw new ArgumentException($"npy: no dtype for {t.Name}."),
    };

    /// <summary>Writes the elements of <paramref name="data"/> in little-endian order after a header already written.</summary>
    public static void WriteData<T>(Stream stream, ReadOnlySpan<T> data) where T : unmanaged
    {
        if (BitConverter.IsLittleEndian || Unsafe.SizeOf<T>() == 1)
        {
            stream.Write(MemoryMarshal.AsBytes(data));
            return;
        }
        throw new PlatformNotSupportedException("npy: writing from a big-endian machine is not supported.");
    }

    /// <summary>Writes a whole array: header, then data.</summary>
    public static void Write<T>(Stream stream, ReadOnlySpan<T> data, params ReadOnlySpan<long> shape) where T : unmanaged
    {
        long count = 1;
        foreach (long dim in shape) count *= dim;
        if (count != data.Length)
            throw new ArgumentException($"npy: shape holds {count} elements but the data has {data.Length}.", nameof(shape));
        stream.Write(Header<T>(shape));
        WriteData(stream, data);
    }
}
