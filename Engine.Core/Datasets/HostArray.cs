using System.IO.MemoryMappedFiles;
using System.Runtime.CompilerServices;

namespace ClusterGcn.Engine.Core.Datasets;

/// <summary>A read-only array of <typeparamref name="T"/> in host memory: either a managed array or a region of a
/// memory-mapped file. Datasets hold their large arrays this way so that a processed store is read by the page cache
/// and never copied into the managed heap.</summary>
public sealed unsafe class HostArray<T> : IDisposable where T : unmanaged
{
    private readonly T[]? managed;
    private readonly MemoryMappedFile? file;
    private readonly MemoryMappedViewAccessor? accessor;
    private T* mapped;

    private HostArray(T[] managed, long length) => (this.managed, Length) = (managed, length);

    private HostArray(MemoryMappedFile file, MemoryMappedViewAccessor accessor, long offset, long length)
    {
        (this.file, this.accessor, Length) = (file, accessor, length);
        byte* start = null;
        accessor.SafeMemoryMappedViewHandle.AcquirePointer(ref start);
        mapped = (T*)(start + accessor.PointerOffset + offset);
    }

    /// <summary>Number of elements.</summary>
    public long Length { get; }

    /// <summary>Whether the elements live in a memory-mapped file rather than the managed heap.</summary>
    public bool IsMapped => file is not null;

    /// <summary>An array with no elements.</summary>
    public static HostArray<T> Empty { get; } = new([], 0);

    /// <summary>Wraps <paramref name="array"/> without copying; it must not change afterwards.</summary>
    public static HostArray<T> Wrap(T[] array) => new(array, array.LongLength);

    /// <summary>Wraps the first <paramref name="length"/> elements of <paramref name="array"/> without copying (a
    /// buffer built larger than its final content, such as a CSR compacted in place).</summary>
    public static HostArray<T> Wrap(T[] array, long length) =>
        (ulong)length <= (ulong)array.LongLength ? new(array, length) : throw new ArgumentOutOfRangeException(nameof(length), $"{length} elements of an array of {array.LongLength}.");

    /// <summary>Maps <paramref name="length"/> elements of <paramref name="path"/> starting at byte
    /// <paramref name="offset"/>, read-only.</summary>
    /// <exception cref="InvalidDataException">The file is shorter than offset + length elements.</exception>
    public static HostArray<T> Map(string path, long offset, long length)
    {
        long bytes = length * Unsafe.SizeOf<T>();
        long fileLength = new FileInfo(path).Length;
        if (offset < 0 || length < 0 || offset + bytes > fileLength)
            throw new InvalidDataException($"{path}: truncated: {fileLength} bytes, expected {offset + bytes}.");
        if (length == 0) return new HostArray<T>([], 0);
        var file = MemoryMappedFile.CreateFromFile(path, FileMode.Open, mapName: null, capacity: 0, MemoryMappedFileAccess.Read);
        try
        {
            var accessor = file.CreateViewAccessor(0, offset + bytes, MemoryMappedFileAccess.Read);
            return new HostArray<T>(file, accessor, offset, length);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>Element <paramref name="index"/>.</summary>
    public T this[long index]
    {
        get
        {
            if ((ulong)index >= (ulong)Length) throw new IndexOutOfRangeException($"index {index} outside [0, {Length}).");
            return managed is not null ? managed[index] : Pointer[index];
        }
    }

    /// <summary>All elements as a span.</summary>
    /// <exception cref="InvalidOperationException">More than int.MaxValue elements: use <see cref="Slice"/>.</exception>
    public ReadOnlySpan<T> Span => Length <= int.MaxValue
        ? Slice(0, (int)Length)
        : throw new InvalidOperationException($"{Length} elements do not fit one span; read it in slices.");

    /// <summary><paramref name="length"/> elements from <paramref name="start"/>.</summary>
    public ReadOnlySpan<T> Slice(long start, int length)
    {
        if (start < 0 || length < 0 || start + length > Length)
            throw new ArgumentOutOfRangeException(nameof(start), $"slice [{start}, {start + length}) outside [0, {Length}).");
        return managed is not null ? managed.AsSpan((int)start, length) : new ReadOnlySpan<T>(Pointer + start, length);
    }

    private T* Pointer => mapped != null ? mapped : throw new ObjectDisposedException(nameof(HostArray<T>), "the mapped file was closed.");

    /// <summary>Unmaps the file (managed arrays need nothing).</summary>
    public void Dispose()
    {
        if (accessor is null || mapped == null) return;
        mapped = null;
        accessor.SafeMemoryMappedViewHandle.ReleasePointer();
        accessor.Dispose();
        file!.Dispose();
    }
}
