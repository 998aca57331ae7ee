using ILGPU;
using ILGPU.Runtime;

namespace ClusterGcn.Engine.Kernels.Ilgpu.Elementwise;

/// <summary>y = a + b, and its backward y += α·x (also used to scale gradients). Views of whole, aligned quads are
/// read four floats per access: one bounds check on the CPU accelerator, one vector load on GPUs.</summary>
internal sealed class AddKernels
{
    private readonly Accelerator accelerator;
    private readonly Action<KernelConfig, Partition, ArrayView<float>, ArrayView<float>, ArrayView<float>,
        ArrayView<Float4>, ArrayView<Float4>, ArrayView<Float4>, int> forward;
    private readonly Action<KernelConfig, Partition, float, ArrayView<float>, ArrayView<float>, ArrayView<Float4>, ArrayView<Float4>, int> backward;

    public AddKernels(Accelerator accelerator)
    {
        this.accelerator = accelerator;
        forward = accelerator.LoadStreamKernel<Partition, ArrayView<float>, ArrayView<float>, ArrayView<float>,
            ArrayView<Float4>, ArrayView<Float4>, ArrayView<Float4>, int>(ForwardKernel);
        backward = accelerator.LoadStreamKernel<Partition, float, ArrayView<float>, ArrayView<float>, ArrayView<Float4>, ArrayView<Float4>, int>(BackwardKernel);
    }

    public void Forward(ArrayView<float> a, ArrayView<float> b, ArrayView<float> y)
    {
        bool quads = Quads.Fit(a, b, y);
        var launch = LaunchPolicy.For(accelerator, quads ? a.Length / 4 : a.Length);
        forward(launch.Config, launch.Work, a, b, y, Quads.Of(a, quads), Quads.Of(b, quads), Quads.Of(y, quads), quads ? 1 : 0);
    }

    public void Backward(float alpha, ArrayView<float> x, ArrayView<float> y)
    {
        bool quads = Quads.Fit(x, y);
        var launch = LaunchPolicy.For(accelerator, quads ? x.Length / 4 : x.Length);
        backward(launch.Config, launch.Work, alpha, x, y, Quads.Of(x, quads), Quads.Of(y, quads), quads ? 1 : 0);
    }

    // Each element is read before it is written by the same thread, so y may alias a or b.
    [KernelEntry]
    internal static void ForwardKernel(Partition work, ArrayView<float> a, ArrayView<float> b, ArrayView<float> y,
        ArrayView<Float4> a4, ArrayView<Float4> b4, ArrayView<Float4> y4, int quads)
    {
        var range = work.ForThisThread();
        for (long i = range.Start; i < range.End; i += range.Step)
        {
            if (quads != 0) y4[i] = a4[i] + b4[i];
            else y[i] = a[i] + b[i];
        }
    }

    [KernelEntry]
    internal static void BackwardKernel(Partition work, float alpha, ArrayView<float> x, ArrayView<float> y,
        ArrayView<Float4> x4, ArrayView<Float4> y4, int quads)
    {
        var range = work.ForThisThread();
        for (long i = range.Start; i < range.End; i += range.Step)
        {
            if (quads != 0) y4[i] = y4[i] + alpha * x4[i];
            else y[i] += alpha * x[i];
        }
    }
}
