using ClusterGcn.Engine.Kernels;
using ClusterGcn.Engine.Kernels.Ilgpu;
using ClusterGcn.Engine.Kernels.Simd;
using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;

namespace ClusterGcn.Engine.Bench.Kernels;

/// <summary>The backend a benchmark runs on, by the names of <c>--device</c>: "cpu" (SIMD), "ilgpu-cpu", "cuda".</summary>
public sealed class BackendUnderTest : IDisposable
{
    private readonly Context context;
    private readonly Accelerator accelerator;

    /// <summary>Opens the named backend; "cuda" throws when no CUDA device exists.</summary>
    public BackendUnderTest(string name)
    {
        context = Accelerators.CreateContext();
        accelerator = name switch
        {
            "cuda" => context.GetCudaDevices() is { Count: > 0 } cuda
                ? cuda[0].CreateAccelerator(context)
                : throw new InvalidOperationException("no CUDA device"),
            _ => Accelerators.CreateCpu(context),
        };
        Kernels = name == "cpu" ? new SimdBackend(accelerator) : new IlgpuBackend(accelerator);
    }

    /// <summary>The backend's ops.</summary>
    public KernelBackend Kernels { get; }

    /// <summary>A seeded uniform [-1, 1) matrix on the backend's accelerator.</summary>
    public DenseView Random(int rows, int cols, ulong seed)
    {
        var data = new float[(long)rows * cols];
        for (long i = 0; i < data.Length; i++) data[i] = 2 * Partitioning.Randomness.SplitMix64.UniformAt(seed, i) - 1;
        return new DenseView(DeviceBuffers.Upload<float>(accelerator, data).View.SubView(0, data.Length), rows, cols);
    }

    /// <summary>A zeroed matrix on the backend's accelerator.</summary>
    public DenseView Zeros(int rows, int cols)
    {
        var buffer = accelerator.Allocate1D<float>(Math.Max((long)rows * cols, 1));
        buffer.MemSetToZero();
        return new DenseView(buffer.View.SubView(0, (long)rows * cols), rows, cols);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Kernels.Dispose();
        accelerator.Dispose();
        context.Dispose();
    }
}
