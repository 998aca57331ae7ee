using ClusterGcn.Engine.Partitioning.Randomness;
using ILGPU;
using ILGPU.Runtime;

namespace ClusterGcn.Engine.Kernels.Ilgpu.Elementwise;

/// <summary>Inverted dropout: element i is kept when <c>SplitMix64.UniformAt(seed, i) ≥ p</c> and scaled by 1 / (1 − p).</summary>
internal sealed class DropoutKernels
{
    private readonly Accelerator accelerator;
    private readonly Action<KernelConfig, Partition, ArrayView<float>, ArrayView<float>, float, ulong> forward;
    private readonly Action<KernelConfig, Partition, ArrayView<float>, ArrayView<float>, float, ulong> backward;

    public DropoutKernels(Accelerator accelerator)
    {
        this.accelerator = accelerator;
        forward = accelerator.LoadStreamKernel<Partition, ArrayView<float>, ArrayView<float>, float, ulong>(ForwardKernel);
        backward = accelerator.LoadStreamKernel<Partition, ArrayView<float>, ArrayView<float>, float, ulong>(BackwardKernel);
    }

    public void Forward(ArrayView<float> x, ArrayView<float> y, float p, ulong seed)
    {
        var launch = LaunchPolicy.For(accelerator, x.Length);
        forward(launch.Config, launch.Work, x, y, p, seed);
    }

    public void Backward(ArrayView<float> dY, ArrayView<float> dX, float p, ulong seed)
    {
        var launch = LaunchPolicy.For(accelerator, dY.Length);
        backward(launch.Config, launch.Work, dY, dX, p, seed);
    }

    // The mask depends on (seed, element index) only, never on the thread, so every launch shape and every
    // backend draws the same mask.
    [KernelEntry]
    internal static void ForwardKernel(Partition work, ArrayView<float> x, ArrayView<float> y, float p, ulong seed)
    {
        var range = work.ForThisThread();
        float keepScale = 1f - p;
        for (long i = range.Start; i < range.End; i += range.Step)
        {
            int keep = SplitMix64.UniformAt(seed, i) >= p ? 1 : 0;
            y[i] = x[i] / keepScale * keep;
        }
    }

    // The mask is regenerated from (seed, i) rather than stored: no mask buffer, the same bits as the forward.
    [KernelEntry]
    internal static void BackwardKernel(Partition work, ArrayView<float> dY, ArrayView<float> dX, float p, ulong seed)
    {
        var range = work.ForThisThread();
        float keepScale = 1f - p;
        for (long i = range.Start; i < range.End; i += range.Step)
        {
            int keep = SplitMix64.UniformAt(seed, i) >= p ? 1 : 0;
            dX[i] += dY[i] / keepScale * keep;
        }
    }
}
