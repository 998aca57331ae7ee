using System.Runtime.InteropServices;
using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;

namespace ClusterGcn.Engine.Kernels.Ilgpu.Reduction;

/// <summary>Grow-only device scratch (reduction partials, packed matrix operands), so no op allocates per call.</summary>
/// <remarks>On the CPU accelerator the memory is our own, 64-byte aligned, so the packed GEMM's 64-byte reads never
/// straddle two cache lines (ILGPU's CPU buffers are only 16-byte aligned, and an offset into one cannot help: a view
/// cast to a 64-byte type counts its start in 64-byte units). Measured, this barely matters: the product kernel's CPU
/// time stayed within 2% for packed data 0–80 bytes past a cache line or 0–3 KB past a page. The 10-vs-16 ms of
/// matmul AB between processes that this was meant to fix was the wait for cores (docs/kernels.md).</remarks>
internal sealed unsafe class ScratchBuffer<T>(Accelerator accelerator) : IDisposable
    where T : unmanaged
{
    private const int CacheLine = 64;
    private MemoryBuffer? buffer;
    private void* native;
    private long capacity;

    /// <summary>The first <paramref name="length"/> elements, valid until the next call (contents unspecified).</summary>
    public ArrayView<T> Get(long length)
    {
        if (buffer is null || capacity < length)
        {
            // Kernels queued on a GPU may still read the old buffer: let them finish before freeing it.
            accelerator.Synchronize();
            Dispose();
            capacity = Math.Max(length, 1024);
            if (accelerator.AcceleratorType == AcceleratorType.CPU)
            {
                native = NativeMemory.AlignedAlloc((nuint)(capacity * sizeof(T)), CacheLine);
                buffer = CPUMemoryBuffer.Create(accelerator, (T*)native, capacity);
            }
            else
            {
                buffer = accelerator.Allocate1D<T>(capacity);
            }
        }
        return buffer.AsArrayView<T>(0, length);
    }

    public void Dispose()
    {
        buffer?.Dispose();
        buffer = null;
        if (native is not null) NativeMemory.AlignedFree(native);
        native = null;
    }
}
