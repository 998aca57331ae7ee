using ILGPU;
using ILGPU.Runtime;

namespace ClusterGcn.Engine.Kernels;

/// <summary>Host ↔ accelerator copies straight from and into spans, so large arrays are never staged in a second managed copy.</summary>
public static class DeviceBuffers
{
    /// <summary>Allocates a buffer of <paramref name="data"/>'s length (at least one element, since some backends
    /// reject empty allocations) and copies the data in.</summary>
    public static MemoryBuffer1D<T, Stride1D.Dense> Upload<T>(Accelerator accelerator, ReadOnlySpan<T> data) where T : unmanaged
    {
        var buffer = accelerator.Allocate1D<T>(Math.Max(data.Length, 1));
        CopyFromHost(buffer.View.SubView(0, data.Length), data);
        return buffer;
    }

    /// <summary>Copies <paramref name="source"/> into the first elements of <paramref name="target"/>.</summary>
    public static unsafe void CopyFromHost<T>(ArrayView<T> target, ReadOnlySpan<T> source) where T : unmanaged
    {
        if (source.Length > target.Length)
            throw new ArgumentException($"copy to device: {source.Length} elements do not fit in {target.Length}.", nameof(source));
        if (source.Length == 0) return;
        // ILGPU's ref overload expects pinned memory: unpinned, a garbage collection during the copy can move a
        // managed array under it (seen as half-stale uploads under load).
        fixed (T* pinned = source) target.SubView(0, source.Length).CopyFromCPU(ref *pinned, source.Length);
    }

    /// <summary>Copies the first <c>destination.Length</c> elements of <paramref name="source"/> to the host.</summary>
    public static unsafe void CopyToHost<T>(ArrayView<T> source, Span<T> destination) where T : unmanaged
    {
        if (destination.Length > source.Length)
            throw new ArgumentException($"copy to host: {destination.Length} elements asked of {source.Length}.", nameof(destination));
        if (destination.Length == 0) return;
        fixed (T* pinned = destination) source.SubView(0, destination.Length).CopyToCPU(ref *pinned, destination.Length);
    }

    /// <summary>A new host array holding the whole of <paramref name="source"/>.</summary>
    public static T[] ToHost<T>(ArrayView<T> source) where T : unmanaged
    {
        var result = new T[source.Length];
        CopyToHost(source, result);
        return result;
    }
}
