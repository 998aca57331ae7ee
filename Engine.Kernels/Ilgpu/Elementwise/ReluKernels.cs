using ILGPU;
using ILGPU.Runtime;

namespace ClusterGcn.Engine.Kernels.Ilgpu.Elementwise;

/// <summary>ReLU and its gradient: y = max(x, 0); dX += dY where y &gt; 0.</summary>
internal sealed class ReluKernels
{
    private readonly Accelerator accelerator;
    private readonly Action<KernelConfig, Partition, ArrayView<float>, ArrayView<float>> forward;
    private readonly Action<KernelConfig, Partition, ArrayView<float>, ArrayView<float>, ArrayView<float>> backward;

    public ReluKernels(Accelerator accelerator)
    {
        this.accelerator = accelerator;
        forward = accelerator.LoadStreamKernel<Partition, ArrayView<float>, ArrayView<float>>(ForwardKernel);
        backward = accelerator.LoadStreamKernel<Partition, ArrayView<float>, ArrayView<float>, ArrayView<float>>(BackwardKernel);
    }

    public void Forward(ArrayView<float> x, ArrayView<float> y)
    {
        var launch = LaunchPolicy.For(accelerator, x.Length);
        forward(launch.Config, launch.Work, x, y);
    }

    public void Backward(ArrayView<float> y, ArrayView<float> dY, ArrayView<float> dX)
    {
        var launch = LaunchPolicy.For(accelerator, y.Length);
        backward(launch.Config, launch.Work, y, dY, dX);
    }

    // Math.Max, not ?:: on random data a branch mispredicts half the time on the CPU accelerator (ilgpu-notes §3.1).
    [KernelEntry]
    internal static void ForwardKernel(Partition work, ArrayView<float> x, ArrayView<float> y)
    {
        var range = work.ForThisThread();
        for (long i = range.Start; i < range.End; i += range.Step) y[i] = Math.Max(x[i], 0f);
    }

    // Reads the output, not the input: y > 0 exactly where x > 0, so ReLU may run in place. The 0/1 int mask
    // compiles to a compare-and-set on the CPU and a select on GPUs, never a branch.
    [KernelEntry]
    internal static void BackwardKernel(Partition work, ArrayView<float> y, ArrayView<float> dY, ArrayView<float> dX)
    {
        var range = work.ForThisThread();
        for (long i = range.Start; i < range.End; i += range.Step)
        {
            int keep = y[i] > 0f ? 1 : 0;
            dX[i] += dY[i] * keep;
        }
    }
}
