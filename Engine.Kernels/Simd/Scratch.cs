using System.Runtime.InteropServices;

namespace ClusterGcn.Engine.Kernels.Simd;

/// <summary>Grow-only, 64-byte-aligned native memory owned by the backend (packed GEMM panels, reduction partials):
/// after the first calls at the largest shape, no op allocates.</summary>
internal sealed unsafe class Scratch : IDisposable
{
    private void* memory;
    private nuint bytes;

    /// <summary>At least <paramref name="count"/> elements; the contents are undefined. Valid until the next call.</summary>
    public T* Get<T>(long count) where T : unmanaged
    {
        nuint needed = (nuint)(count * sizeof(T));
        if (needed > bytes)
        {
            NativeMemory.AlignedFree(memory);
            memory = null;
            bytes = 0;
            memory = NativeMemory.AlignedAlloc(needed, 64);
            bytes = needed;
        }
        return (T*)memory;
    }

    public void Dispose()
    {
        NativeMemory.AlignedFree(memory);
        memory = null;
        bytes = 0;
    }
}
