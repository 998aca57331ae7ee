using ILGPU;
using ILGPU.Runtime;

namespace ClusterGcn.Engine.Kernels.Ilgpu.Elementwise;

/// <summary>y = a + b, and its backward y += α·x (also used to scale gradients).</summary>
internal sealed class AddKernels
{
    private readonly Accelerator accelerator;
    private readonly Action<KernelConfig, Partition, ArrayView<float>, ArrayView<float>, ArrayView<float>> forward;
    private readonly Action<KernelConfig, Partition, float, ArrayView<float>, ArrayView<float>> backward;

    public AddKernels(Accelerator accelerator)
    {
        this.accelerator = accelerator;
        forward = accelerator.LoadStreamKernel<Partition, ArrayView<float>, ArrayView<float>, ArrayView<float>>(ForwardKernel);
        backward = accelerator.LoadStreamKernel<Partition, float, ArrayView<float>, ArrayView<float>>(BackwardKernel);
    }

    public void Forward(ArrayView<float> a, ArrayView<float> b, ArrayView<float> y)
    {
        var launch = LaunchPolicy.For(accelerator, a.Length);
        forward(launch.Config, launch.Work, a, b, y);
    }

    public void Backward(float alpha, ArrayView<float> x, ArrayView<float> y)
    {
        var launch = LaunchPolicy.For(accelerator, x.Length);
        backward(launch.Config, launch.Work, alpha, x, y);
    }

    // Each element is read before it is written by the same thread, so y may alias a or b.
    [KernelEntry]
    internal static void ForwardKernel(Partition work, ArrayView<float> a, ArrayView<float> b, ArrayView<float> y)
    {
        var range = work.ForThisThread();
        for (long i = range.Start; i < range.End; i += range.Step) y[i] = a[i] + b[i];
    }

    [KernelEntry]
    internal static void BackwardKernel(Partition work, float alpha, ArrayView<float> x, ArrayView<float> y)
    {
        var range = work.ForThisThread();
        for (long i = range.Start; i < range.End; i += range.Step) y[i] += alpha * x[i];
    }
}
