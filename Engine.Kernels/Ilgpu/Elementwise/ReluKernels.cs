using ILGPU;
using ILGPU.Runtime;

namespace ClusterGcn.Engine.Kernels.Ilgpu.Elementwise;

/// <summary>ReLU and its gradient: y = max(x, 0); dX += dY where y &gt; 0. Views of whole, aligned quads are read
/// four floats per access: one bounds check on the CPU accelerator, one vector load on GPUs.</summary>
internal sealed class ReluKernels
{
    private readonly Accelerator accelerator;
    private readonly Action<KernelConfig, Partition, ArrayView<float>, ArrayView<float>, ArrayView<Float4>, ArrayView<Float4>, int> forward;
    private readonly Action<KernelConfig, Partition, ArrayView<float>, ArrayView<float>, ArrayView<float>,
        ArrayView<Float4>, ArrayView<Float4>, ArrayView<Float4>, int> backward;

    public ReluKernels(Accelerator accelerator)
    {
        this.accelerator = accelerator;
        forward = accelerator.LoadStreamKernel<Partition, ArrayView<float>, ArrayView<float>, ArrayView<Float4>, ArrayView<Float4>, int>(ForwardKernel);
        backward = accelerator.LoadStreamKernel<Partition, ArrayView<float>, ArrayView<float>, ArrayView<float>,
            ArrayView<Float4>, ArrayView<Float4>, ArrayView<Float4>, int>(BackwardKernel);
    }

    public void Forward(ArrayView<float> x, ArrayView<float> y)
    {
        bool quads = Quads.Fit(x, y);
        var launch = LaunchPolicy.For(accelerator, quads ? x.Length / 4 : x.Length);
        forward(launch.Config, launch.Work, x, y, Quads.Of(x, quads), Quads.Of(y, quads), quads ? 1 : 0);
    }

    public void Backward(ArrayView<float> y, ArrayView<float> dY, ArrayView<float> dX)
    {
        bool quads = Quads.Fit(y, dY, dX);
        var launch = LaunchPolicy.For(accelerator, quads ? y.Length / 4 : y.Length);
        backward(launch.Config, launch.Work, y, dY, dX, Quads.Of(y, quads), Quads.Of(dY, quads), Quads.Of(dX, quads), quads ? 1 : 0);
    }

    // Math.Max, not ?:: on random data a branch mispredicts half the time on the CPU accelerator (ilgpu-notes §3.1).
    [KernelEntry]
    internal static void ForwardKernel(Partition work, ArrayView<float> x, ArrayView<float> y, ArrayView<Float4> x4, ArrayView<Float4> y4,
        int quads)
    {
        var range = work.ForThisThread();
        for (long i = range.Start; i < range.End; i += range.Step)
        {
            if (quads != 0) y4[i] = Float4.Max(x4[i], 0f);
            else y[i] = Math.Max(x[i], 0f);
        }
    }

    // Reads the output, not the input: y > 0 exactly where x > 0, so ReLU may run in place. The 0/1 int mask
    // compiles to a compare-and-set on the CPU and a select on GPUs, never a branch.
    [KernelEntry]
    internal static void BackwardKernel(Partition work, ArrayView<float> y, ArrayView<float> dY, ArrayView<float> dX,
        ArrayView<Float4> y4, ArrayView<Float4> dY4, ArrayView<Float4> dX4, int quads)
    {
        var range = work.ForThisThread();
        for (long i = range.Start; i < range.End; i += range.Step)
        {
            if (quads != 0)
            {
                Float4 out4 = y4[i], grad = dY4[i], sum = dX4[i];
                sum.X += Masked(grad.X, out4.X); sum.Y += Masked(grad.Y, out4.Y); sum.Z += Masked(grad.Z, out4.Z); sum.W += Masked(grad.W, out4.W);
                dX4[i] = sum;
            }
            else
            {
                dX[i] += Masked(dY[i], y[i]);
            }
        }
    }

    private static float Masked(float gradient, float output) => gradient * (output > 0f ? 1 : 0);
}
