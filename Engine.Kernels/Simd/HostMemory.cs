using System.Runtime.CompilerServices;
using ILGPU;
using ILGPU.Runtime;

namespace ClusterGcn.Engine.Kernels.Simd;

/// <summary>Raw access to the memory behind CPU-accelerator views: there it is host memory (AllocHGlobal), so SIMD
/// code can read and write it in place with no copy and no pinning. Pointers, not spans, so views past 2^31 elements work.</summary>
internal static unsafe class HostMemory
{
    /// <summary>Returns <paramref name="accelerator"/>, or throws unless it keeps its buffers in host memory.</summary>
    public static Accelerator RequireCpu(Accelerator accelerator) =>
        accelerator.AcceleratorType == AcceleratorType.CPU ? accelerator : throw new ArgumentException(
            $"simd backend: needs the CPU accelerator (its buffers are host memory) but got {accelerator.AcceleratorType}.",
            nameof(accelerator));

    /// <summary>Address of the first element, or null for an empty view. Valid while the owning buffer lives.</summary>
    public static T* Ptr<T>(ArrayView<T> view) where T : unmanaged =>
        view.Length == 0 ? null : (T*)Unsafe.AsPointer(ref view[0L]);

    /// <summary>Address of the first element of a matrix.</summary>
    public static float* Ptr(DenseView view) => Ptr(view.Data);
}
