using ILGPU;
using ILGPU.Runtime;

namespace ClusterGcn.Engine.Kernels.Ilgpu.Rows;

/// <summary>Row gather dst[i] = src[ids[i]], and its backward, the scatter-add dst[ids[i]] += src[i]. The ids are
/// distinct (checked by <see cref="DeviceIndex"/>), so each destination row has one writer and needs no atomics.</summary>
internal sealed class RowKernels
{
    private readonly Accelerator accelerator;
    private readonly Action<KernelConfig, Partition, ArrayView<float>, ArrayView<int>, ArrayView<float>, int> forward;
    private readonly Action<KernelConfig, Partition, ArrayView<float>, ArrayView<int>, ArrayView<float>, int> backward;

    public RowKernels(Accelerator accelerator)
    {
        this.accelerator = accelerator;
        forward = accelerator.LoadStreamKernel<Partition, ArrayView<float>, ArrayView<int>, ArrayView<float>, int>(ForwardKernel);
        backward = accelerator.LoadStreamKernel<Partition, ArrayView<float>, ArrayView<int>, ArrayView<float>, int>(BackwardKernel);
    }

    public void Gather(DenseView src, DeviceIndex rows, DenseView dst)
    {
        var launch = LaunchPolicy.For(accelerator, dst.Length);
        forward(launch.Config, launch.Work, src.Data, rows.View, dst.Data, dst.Cols);
    }

    public void ScatterAdd(DenseView src, DeviceIndex rows, DenseView dst)
    {
        var launch = LaunchPolicy.For(accelerator, src.Length);
        backward(launch.Config, launch.Work, src.Data, rows.View, dst.Data, dst.Cols);
    }

    [KernelEntry]
    internal static void ForwardKernel(Partition work, ArrayView<float> src, ArrayView<int> ids, ArrayView<float> dst, int cols)
    {
        var range = work.ForThisThread();
        for (long item = range.Start; item < range.End; item += range.Step)
            dst[item] = src[(long)ids[(int)(item / cols)] * cols + item % cols];
    }

    [KernelEntry]
    internal static void BackwardKernel(Partition work, ArrayView<float> src, ArrayView<int> ids, ArrayView<float> dst, int cols)
    {
        var range = work.ForThisThread();
        for (long item = range.Start; item < range.End; item += range.Step)
            dst[(long)ids[(int)(item / cols)] * cols + item % cols] += src[item];
    }
}
