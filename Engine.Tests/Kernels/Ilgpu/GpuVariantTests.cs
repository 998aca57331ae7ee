using ClusterGcn.Engine.Kernels;
using ClusterGcn.Engine.Kernels.Ilgpu.Dense;
using ClusterGcn.Engine.Kernels.Ilgpu.Reduction;
using ClusterGcn.Engine.Tests.Support;
using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;

namespace ClusterGcn.Engine.Tests.Kernels.Ilgpu;

/// <summary>The GPU-only kernel variants against their portable twins, run on a CPU accelerator whose groups are as
/// wide as the variants need: shared memory and barriers work there, only slowly, so the sizes stay tiny.</summary>
public sealed class GpuVariantTests
{
    private Context? context;
    private Accelerator? accelerator;

    /// <summary>A CPU device with one group of <see cref="MatMulKernels.TiledGroupSize"/> threads.</summary>
    [OneTimeSetUp]
    public void CreateWideCpu()
    {
        int side = (int)Math.Sqrt(MatMulKernels.TiledGroupSize);
        context = Context.Create(builder => builder.CPU(new CPUDevice(side, side, 1)));
        accelerator = context.GetCPUDevice(0).CreateCPUAccelerator(context, CPUAcceleratorMode.Parallel);
    }

    /// <summary>Disposes the accelerator and context.</summary>
    [OneTimeTearDown]
    public void Dispose()
    {
        accelerator?.Dispose();
        context?.Dispose();
    }

    /// <summary>Shapes straddle the 64-wide block and 16-deep staging of the tiled kernel.</summary>
    [Test]
    public void Tiled_matmul_matches_the_portable_kernel([Values] MatMulForm form, [Values] bool accumulate,
        [Values(1, 17, 65)] int m, [Values(1, 33)] int k, [Values(3, 70)] int n)
    {
        using var scratch = new ScratchBuffer<float>(accelerator!);
        var kernels = new MatMulKernels(accelerator!, scratch);
        var (aRows, aCols) = form == MatMulForm.AtB ? (k, m) : (m, k);
        var (bRows, bCols) = form == MatMulForm.ABt ? (n, k) : (k, n);
        using var a = Upload(Reference.Uniform(m * k, seed: 1));
        using var b = Upload(Reference.Uniform(k * n, seed: 2));
        double[] prefill = Reference.Uniform(m * n, seed: 3);
        using var portable = Upload(prefill);
        using var tiled = Upload(prefill);
        DenseView A = new(a.View, aRows, aCols), B = new(b.View, bRows, bCols);

        kernels.ProductPortable(form, A, B, new DenseView(portable.View, m, n), m, k, n, accumulate);
        kernels.ProductTiled(form, A, B, new DenseView(tiled.View, m, n), m, k, n, accumulate);

        GradCheck.AssertClose(DeviceBuffers.ToHost<float>(tiled.View), Array.ConvertAll(DeviceBuffers.ToHost<float>(portable.View), v => (double)v),
            rtol: 1e-6, atol: 1e-6, what: "tiled product");
    }

    private MemoryBuffer1D<float, Stride1D.Dense> Upload(double[] data) =>
        DeviceBuffers.Upload<float>(accelerator!, Array.ConvertAll(data, v => (float)v));
}
