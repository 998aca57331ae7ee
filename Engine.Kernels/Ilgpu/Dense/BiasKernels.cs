using ILGPU;
using ILGPU.Runtime;

namespace ClusterGcn.Engine.Kernels.Ilgpu.Dense;

/// <summary>y[i, j] += bias[j], and its gradient dBias[j] += Σ_i dY[i, j].</summary>
internal sealed class BiasKernels
{
    private readonly Accelerator accelerator;
    private readonly Action<KernelConfig, Partition, ArrayView<float>, ArrayView<float>, int> forward;
    private readonly Action<KernelConfig, Partition, ArrayView<float>, ArrayView<float>, int, int> backward;

    public BiasKernels(Accelerator accelerator)
    {
        this.accelerator = accelerator;
        forward = accelerator.LoadStreamKernel<Partition, ArrayView<float>, ArrayView<float>, int>(ForwardKernel);
        backward = accelerator.LoadStreamKernel<Partition, ArrayView<float>, ArrayView<float>, int, int>(BackwardKernel);
    }

    public void Forward(DenseView y, ArrayView<float> bias)
    {
        var launch = LaunchPolicy.For(accelerator, y.Length);
        forward(launch.Config, launch.Work, y.Data, bias, y.Cols);
    }

    public void Backward(DenseView dY, ArrayView<float> dBias)
    {
        var launch = LaunchPolicy.For(accelerator, dY.Cols);
        backward(launch.Config, launch.Work, dY.Data, dBias, dY.Rows, dY.Cols);
    }

    [KernelEntry]
    internal static void ForwardKernel(Partition work, ArrayView<float> y, ArrayView<float> bias, int cols)
    {
        var range = work.ForThisThread();
        for (long i = range.Start; i < range.End; i += range.Step) y[i] += bias[i % cols];
    }

    // One item per column, summing down the rows in a fixed order: deterministic, no atomics, and neighbouring
    // GPU threads read neighbouring columns of each row.
    [KernelEntry]
    internal static void BackwardKernel(Partition work, ArrayView<float> dY, ArrayView<float> dBias, int rows, int cols)
    {
        var range = work.ForThisThread();
        for (long j = range.Start; j < range.End; j += range.Step)
        {
            float sum = 0f;
            for (int i = 0; i < rows; i++) sum += dY[(long)i * cols + j];
            dBias[j] += sum;
        }
    }
}
