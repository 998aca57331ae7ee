using ILGPU;
using ILGPU.Runtime;

namespace ClusterGcn.Engine.Kernels.Ilgpu.Reduction;

/// <summary>Grow-only device scratch (reduction partials, packed matrix operands), so no op allocates per call.</summary>
internal sealed class ScratchBuffer<T>(Accelerator accelerator) : IDisposable
    where T : unmanaged
{
    private MemoryBuffer1D<T, Stride1D.Dense>? buffer;

    /// <summary>The first <paramref name="length"/> elements, valid until the next call (contents unspecified).</summary>
    public ArrayView<T> Get(long length)
    {
        if (buffer is null || buffer.Length < length)
        {
            // Kernels queued on a GPU may still read the old buffer: let them finish before freeing it.
            accelerator.Synchronize();
            buffer?.Dispose();
            buffer = accelerator.Allocate1D<T>(Math.Max(length, 1024));
        }
        return buffer.View.SubView(0, length);
    }

    public void Dispose() => buffer?.Dispose();
}
