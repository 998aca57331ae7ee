using ClusterGcn.Engine.Kernels.Simd;
using ClusterGcn.Engine.Tests.Support;

namespace ClusterGcn.Engine.Tests.Kernels;

/// <summary>The SIMD backend dereferences buffers as host memory, so it must refuse a GPU accelerator up front.
/// Only testable where a GPU is: without CGCN_TEST_GPU=1 the case list is empty and nothing runs or skips.</summary>
public sealed class SimdOnGpuTests
{
    public static IEnumerable<string> GpuBackends() => TestBackend.Names().Where(name => name is "ilgpu-cuda" or "ilgpu-opencl");

    [TestCaseSource(nameof(GpuBackends))]
    public void Simd_backend_refuses_a_gpu_accelerator(string gpu)
    {
        using var device = TestBackend.Open(gpu);
        Errors.AssertOneLine(() => new SimdBackend(device.Accelerator).Dispose(), "simd backend: needs the CPU accelerator");
    }
}
