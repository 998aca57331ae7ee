using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;

namespace ClusterGcn.Engine.Partitioning.IO;

/// <summary>Reads NumPy <c>.npy</c> files and streams (format versions 1.0, 2.0 and 3.0): the header, then the
/// elements in any supported dtype and either byte order, converted to the type the caller needs, in C order.</summary>
/// <remarks>Conversions are checked: an integer that does not fit the target, or a non-integral float read as an
/// integer, is an error naming the file and the element, never a silently wrong value.</remarks>
public static partial class NpyReader
{
    private const int ChunkBytes = 1 << 20;

    /// <summary>Reads the header of the file at <paramref name="path"/> and checks that the file holds all its data.</summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="InvalidDataException">Not a <c>.npy</c> file, an unsupported dtype, or a truncated file.</exception>
    public static NpyHeader ReadHeader(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: file not found.", path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 4096);
        var header = ReadHeader(stream, path);
        long expected = header.DataOffset + header.DataLength;
        if (stream.Length < expected)
            throw new InvalidDataException($"{path}: truncated: {stream.Length} bytes, expected {expected} for a {header.Descr} array of shape {header.ShapeText}.");
        if (stream.Length > expected)
            throw new InvalidDataException($"{path}: {stream.Length - expected} trailing bytes after a {header.Descr} array of shape {header.ShapeText}.");
        return header;
    }

    /// <summary>Reads a header from <paramref name="stream"/>, which is left at the first element.</summary>
    /// <param name="stream">A stream at the start of a <c>.npy</c> file.</param>
    /// <param name="name">The file or archive member, for error messages.</param>
    /// <exception cref="InvalidDataException">Not a <c>.npy</c> file, or an unsupported dtype.</exception>
    public static NpyHeader ReadHeader(Stream stream, string name)
    {
        Span<byte> prefix = stackalloc byte[12];
        if (stream.ReadAtLeast(prefix[..8], 8, throwOnEndOfStream: false) < 8 || !prefix[..6].SequenceEqual(NpyWriter.Magic))
            throw new InvalidDataException($"{name}: not a NumPy .npy file (no \\x93NUMPY magic).");
        int major = prefix[6];
        if (major is not (1 or 2 or 3)) throw new InvalidDataException($"{name}: .npy format version {major}.{prefix[7]} is not 1.0, 2.0 or 3.0.");
        int lengthBytes = major == 1 ? 2 : 4;
        if (stream.ReadAtLeast(prefix.Slice(8, lengthBytes), lengthBytes, throwOnEndOfStream: false) < lengthBytes)
            throw new InvalidDataException($"{name}: truncated .npy header.");
        long headerLength = major == 1 ? BinaryPrimitives.ReadUInt16LittleEndian(prefix[8..]) : BinaryPrimitives.ReadUInt32LittleEndian(prefix[8..]);
        if (headerLength > 1 << 24) throw new InvalidDataException($"{name}: a .npy header of {headerLength} bytes is not plausible.");
        var dictBytes = new byte[headerLength];
        if (stream.ReadAtLeast(dictBytes, dictBytes.Length, throwOnEndOfStream: false) < dictBytes.Length)
            throw new InvalidDataException($"{name}: truncated .npy header.");
        string dict = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetString(dictBytes).Trim();
        return ParseDict(dict, name, 8 + lengthBytes + headerLength);
    }

    /// <summary>Reads the whole array of <paramref name="path"/> as <typeparamref name="T"/>, in C order.</summary>
    /// <exception cref="InvalidDataException">A malformed file, or a value that does not convert exactly.</exception>
    public static T[] ReadArray<T>(string path) where T : unmanaged, INumberBase<T>
    {
        var header = ReadHeader(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        stream.Position = header.DataOffset;
        return ReadArray<T>(stream, header);
    }

    /// <summary>Reads the array described by <paramref name="header"/> from <paramref name="stream"/> (positioned at
    /// its first element) as <typeparamref name="T"/>, in C order.</summary>
    /// <exception cref="InvalidDataException">The stream ends early, or a value does not convert exactly.</exception>
    public static T[] ReadArray<T>(Stream stream, NpyHeader header) where T : unmanaged, INumberBase<T>
    {
        if (header.Count > Array.MaxLength) throw new InvalidDataException($"{header.Name}: {header.Count} elements exceed one array.");
        var values = new T[header.Count];
        Read(stream, header, 0, values);
        return header.FortranOrder && header.Rank > 1 ? ToCOrder(values, header.Shape) : values;
    }

    /// <summary>Reads <c>destination.Length</c> elements in file order, starting at element <paramref name="first"/>,
    /// from <paramref name="stream"/> positioned there, converting them to <typeparamref name="T"/>.</summary>
    /// <exception cref="InvalidDataException">The stream ends early, or a value does not convert exactly.</exception>
    public static void Read<T>(Stream stream, NpyHeader header, long first, Span<T> destination) where T : unmanaged, INumberBase<T>
    {
        int size = header.ElementSize;
        var buffer = new byte[Math.Min(ChunkBytes, Math.Max(size, (long)destination.Length * size))];
        int perChunk = buffer.Length / size;
        for (int done = 0; done < destination.Length;)
        {
            int n = Math.Min(perChunk, destination.Length - done);
            var bytes = buffer.AsSpan(0, n * size);
            int read = stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
            if (read < bytes.Length)
                throw new InvalidDataException($"{header.Name}: truncated: the data ends at element {first + done + read / size} of {header.Count}.");
            if (header.BigEndian == BitConverter.IsLittleEndian && size > 1) SwapBytes(bytes, size);
            Convert(header, bytes, first + done, destination.Slice(done, n));
            done += n;
        }
    }

    private static void SwapBytes(Span<byte> bytes, int size)
    {
        switch (size)
        {
            case 2: BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<byte, ushort>(bytes), MemoryMarshal.Cast<byte, ushort>(bytes)); break;
            case 4: BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<byte, uint>(bytes), MemoryMarshal.Cast<byte, uint>(bytes)); break;
            default: BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<byte, ulong>(bytes), MemoryMarshal.Cast<byte, ulong>(bytes)); break;
        }
    }

    private static void Convert<T>(NpyHeader header, ReadOnlySpan<byte> bytes, long first, Span<T> destination) where T : unmanaged, INumberBase<T>
    {
        switch (header.Type)
        {
            case NpyType.Bool:
            case NpyType.UInt8: Convert<byte, T>(header, bytes, first, destination); break;
            case NpyType.Int8: Convert(header, MemoryMarshal.Cast<byte, sbyte>(bytes), first, destination); break;
            case NpyType.Int16: Convert(header, MemoryMarshal.Cast<byte, short>(bytes), first, destination); break;
            case NpyType.UInt16: Convert(header, MemoryMarshal.Cast<byte, ushort>(bytes), first, destination); break;
            case NpyType.Int32: Convert(header, MemoryMarshal.Cast<byte, int>(bytes), first, destination); break;
            case NpyType.UInt32: Convert(header, MemoryMarshal.Cast<byte, uint>(bytes), first, destination); break;
            case NpyType.Int64: Convert(header, MemoryMarshal.Cast<byte, long>(bytes), first, destination); break;
            case NpyType.UInt64: Convert(header, MemoryMarshal.Cast<byte, ulong>(bytes), first, destination); break;
            case NpyType.Float16: Convert(header, MemoryMarshal.Cast<byte, Half>(bytes), first, destination); break;
            case NpyType.Float32: Convert(header, MemoryMarshal.Cast<byte, float>(bytes), first, destination); break;
            default: Convert(header, MemoryMarshal.Cast<byte, double>(bytes), first, destination); break;
        }
    }

    private static void Convert<TFrom, TTo>(NpyHeader header, ReadOnlySpan<TFrom> source, long first, Span<TTo> destination)
        where TFrom : unmanaged, INumberBase<TFrom> where TTo : unmanaged, INumberBase<TTo>
    {
        if (typeof(TFrom) == typeof(TTo))
        {
            MemoryMarshal.Cast<TFrom, TTo>(source).CopyTo(destination);
            return;
        }
        bool toFloat = typeof(TTo) == typeof(float) || typeof(TTo) == typeof(double) || typeof(TTo) == typeof(Half);
        for (int i = 0; i < source.Length; i++)
        {
            TFrom value = source[i];
            if (toFloat)
            {
                destination[i] = TTo.CreateTruncating(value); // int → float rounds to nearest; float → double is exact
                continue;
            }
            if (!TFrom.IsInteger(value) || !TryCreate(value, out destination[i]))
                throw new InvalidDataException($"{header.Name}: element {first + i} is {value}, which is not a {typeof(TTo).Name} (the array is {header.Descr}).");
        }
    }

    private static bool TryCreate<TFrom, TTo>(TFrom value, out TTo result) where TFrom : INumberBase<TFrom> where TTo : INumberBase<TTo>
    {
        try
        {
            result = TTo.CreateChecked(value);
            return true;
        }
        catch (OverflowException)
        {
            result = TTo.Zero;
            return false;
        }
    }

    // File order of a Fortran-order array is column-major: walk it with an odometer over the axes, first axis fastest,
    // and place each element at its C-order offset.
    private static T[] ToCOrder<T>(T[] fileOrder, long[] shape)
    {
        int rank = shape.Length;
        var stride = new long[rank];
        stride[rank - 1] = 1;
        for (int axis = rank - 2; axis >= 0; axis--) stride[axis] = stride[axis + 1] * shape[axis + 1];
        var index = new long[rank];
        var result = new T[fileOrder.Length];
        long offset = 0;
        foreach (T value in fileOrder)
        {
            result[offset] = value;
            for (int axis = 0; axis < rank; axis++)
            {
                offset += stride[axis];
                if (++index[axis] < shape[axis]) break;
                offset -= stride[axis] * shape[axis];
                index[axis] = 0;
            }
        }
        return result;
    }

    private static NpyHeader ParseDict(string dict, string name, long dataOffset)
    {
        var descr = DescrEntry().Match(dict);
        var order = FortranEntry().Match(dict);
        var shape = ShapeEntry().Match(dict);
        if (!dict.StartsWith('{') || !descr.Success || !order.Success || !shape.Success)
            throw new InvalidDataException($"{name}: unsupported .npy header {ErrorText.Quote(dict)} (expected a plain dtype string, fortran_order and a shape).");
        var (type, bigEndian) = ParseDescr(descr.Groups["d"].Value, name);
        var dims = new List<long>();
        foreach (string dim in shape.Groups["s"].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            dims.Add(long.TryParse(dim, NumberStyles.None, CultureInfo.InvariantCulture, out long value)
                ? value
                : throw new InvalidDataException($"{name}: bad dimension '{ErrorText.Quote(dim)}' in the shape of header {ErrorText.Quote(dict)}."));
        var header = new NpyHeader(name, type, bigEndian, order.Groups["f"].Value == "True", [.. dims], dataOffset);
        try
        {
            _ = header.DataLength;
        }
        catch (OverflowException)
        {
            throw new InvalidDataException($"{name}: shape {header.ShapeText} is too large.");
        }
        return header;
    }

    private static (NpyType Type, bool BigEndian) ParseDescr(string descr, string name)
    {
        if (descr.Length < 2) throw UnknownDtype(descr, name);
        char byteOrder = descr[0];
        string kind = byteOrder is '<' or '>' or '|' or '=' ? descr[1..] : descr;
        bool bigEndian = byteOrder == '>' || (byteOrder == '=' && !BitConverter.IsLittleEndian);
        NpyType type = kind switch
        {
            "b1" or "?" => NpyType.Bool,
            "i1" => NpyType.Int8,
            "u1" => NpyType.UInt8,
            "i2" => NpyType.Int16,
            "u2" => NpyType.UInt16,
            "i4" => NpyType.Int32,
            "u4" => NpyType.UInt32,
            "i8" => NpyType.Int64,
            "u8" => NpyType.UInt64,
            "f2" => NpyType.Float16,
            "f4" => NpyType.Float32,
            "f8" => NpyType.Float64,
            _ => throw UnknownDtype(descr, name),
        };
        return (type, bigEndian);
    }

    private static InvalidDataException UnknownDtype(string descr, string name) =>
        new($"{name}: unsupported dtype '{descr}' (supported: bool, int8-64, uint8-64, float16/32/64 in either byte order).");

    [GeneratedRegex(@"'descr'\s*:\s*'(?<d>[^']*)'")]
    private static partial Regex DescrEntry();

    [GeneratedRegex(@"'fortran_order'\s*:\s*(?<f>True|False)")]
    private static partial Regex FortranEntry();

    [GeneratedRegex(@"'shape'\s*:\s*\((?<s>[^)]*)\)")]
    private static partial Regex ShapeEntry();
}
