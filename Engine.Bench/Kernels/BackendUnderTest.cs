using ClusterGcn.Engine.Core.Devices;
using ClusterGcn.Engine.Kernels;
using ILGPU;
using ILGPU.Runtime;

namespace ClusterGcn.Engine.Bench.Kernels;

/// <summary>The backend a benchmark runs on, by the names of <c>--device</c>: "cpu" (SIMD), "ilgpu-cpu", "cuda",
/// opened as <see cref="ComputeDevice"/> opens it for training.</summary>
public sealed class BackendUnderTest(string name) : IDisposable
{
    private readonly ComputeDevice device = ComputeDevice.Open(name);

    /// <summary>The backend's ops.</summary>
    public KernelBackend Kernels => device.Kernels;

    private Accelerator Accelerator => device.Accelerator;

    /// <summary>A seeded uniform [-1, 1) matrix on the backend's accelerator.</summary>
    public DenseView Random(int rows, int cols, ulong seed)
    {
        var data = new float[(long)rows * cols];
        for (long i = 0; i < data.Length; i++) data[i] = 2 * Partitioning.Randomness.SplitMix64.UniformAt(seed, i) - 1;
        return new DenseView(DeviceBuffers.Upload<float>(Accelerator, data).View.SubView(0, data.Length), rows, cols);
    }

    /// <summary>A zeroed matrix on the backend's accelerator.</summary>
    public DenseView Zeros(int rows, int cols)
    {
        var buffer = Accelerator.Allocate1D<float>(Math.Max((long)rows * cols, 1));
        buffer.MemSetToZero();
        return new DenseView(buffer.View.SubView(0, (long)rows * cols), rows, cols);
    }

    /// <inheritdoc />
    public void Dispose() => device.Dispose();
}
