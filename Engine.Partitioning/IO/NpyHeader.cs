namespace ClusterGcn.Engine.Partitioning.IO;

/// <summary>The element types of NumPy arrays the engine reads (<c>descr</c> kinds b, i, u, f).</summary>
public enum NpyType
{
    /// <summary><c>|b1</c>: one byte, 0 or 1.</summary>
    Bool,
    /// <summary><c>i1</c>.</summary>
    Int8,
    /// <summary><c>u1</c>.</summary>
    UInt8,
    /// <summary><c>i2</c>.</summary>
    Int16,
    /// <summary><c>u2</c>.</summary>
    UInt16,
    /// <summary><c>i4</c>.</summary>
    Int32,
    /// <summary><c>u4</c>.</summary>
    UInt32,
    /// <summary><c>i8</c>.</summary>
    Int64,
    /// <summary><c>u8</c>.</summary>
    UInt64,
    /// <summary><c>f2</c>.</summary>
    Float16,
    /// <summary><c>f4</c>.</summary>
    Float32,
    /// <summary><c>f8</c>.</summary>
    Float64,
}

/// <summary>What the header of a <c>.npy</c> file says: element type and byte order, memory order, shape, and where
/// the data starts.</summary>
/// <param name="Name">The file (or archive member) it was read from, for error messages.</param>
/// <param name="Type">The element type.</param>
/// <param name="BigEndian">Whether multi-byte elements are stored big-endian (<c>&gt;</c>).</param>
/// <param name="FortranOrder">Whether the elements are stored column-major.</param>
/// <param name="Shape">The dimensions; empty for a scalar.</param>
/// <param name="DataOffset">Bytes from the start of the file to the first element.</param>
public sealed record NpyHeader(string Name, NpyType Type, bool BigEndian, bool FortranOrder, long[] Shape, long DataOffset)
{
    /// <summary>Number of dimensions.</summary>
    public int Rank => Shape.Length;

    /// <summary>Number of elements: the product of the dimensions.</summary>
    public long Count => Shape.Aggregate(1L, (product, dim) => checked(product * dim));

    /// <summary>Bytes per element.</summary>
    public int ElementSize => Type switch
    {
        NpyType.Bool or NpyType.Int8 or NpyType.UInt8 => 1,
        NpyType.Int16 or NpyType.UInt16 or NpyType.Float16 => 2,
        NpyType.Int32 or NpyType.UInt32 or NpyType.Float32 => 4,
        _ => 8,
    };

    /// <summary>Bytes of data: elements × element size.</summary>
    public long DataLength => checked(Count * ElementSize);

    /// <summary>The element type of <typeparamref name="T"/> (byte, int, long, float, double), if it is one.</summary>
    public static NpyType? TypeOf<T>() => typeof(T) switch
    {
        var t when t == typeof(byte) => NpyType.UInt8,
        var t when t == typeof(int) => NpyType.Int32,
        var t when t == typeof(long) => NpyType.Int64,
        var t when t == typeof(float) => NpyType.Float32,
        var t when t == typeof(double) => NpyType.Float64,
        _ => null,
    };

    /// <summary>Whether the data bytes are exactly a C-order array of <typeparamref name="T"/> on this machine, so
    /// they can be used in place (memory-mapped) without conversion. Bool data counts as bytes.</summary>
    public bool IsInPlace<T>() =>
        (TypeOf<T>() == Type || (Type == NpyType.Bool && typeof(T) == typeof(byte)))
        && (ElementSize == 1 || BigEndian != BitConverter.IsLittleEndian)
        && (!FortranOrder || Rank <= 1);

    /// <summary>The dtype as NumPy writes it, e.g. <c>&lt;f4</c>.</summary>
    public string Descr => $"{(ElementSize == 1 ? '|' : BigEndian ? '>' : '<')}{Type switch
    {
        NpyType.Bool => "b",
        NpyType.Float16 or NpyType.Float32 or NpyType.Float64 => "f",
        NpyType.UInt8 or NpyType.UInt16 or NpyType.UInt32 or NpyType.UInt64 => "u",
        _ => "i",
    }}{ElementSize}";

    /// <summary>The shape as NumPy prints it, e.g. <c>(2, 10)</c>.</summary>
    public string ShapeText => Rank == 1 ? $"({Shape[0]},)" : $"({string.Join(", ", Shape)})";
}
