using ILGPU;
using ILGPU.Runtime;

namespace ClusterGcn.Engine.Kernels.Ilgpu.Rows;

/// <summary>Row gather dst[i] = src[ids[i]], and its backward, the scatter-add dst[ids[i]] += src[i]. The ids are
/// distinct (checked by <see cref="DeviceIndex"/>), so each destination row has one writer and needs no atomics.</summary>
/// <remarks>An item is one access of 4, 2 or 1 floats (<see cref="Quads.LanesOfRows"/>): rows of whole aligned quads
/// move as <see cref="Float4"/>, even rows (602 features) as <see cref="Float2"/>. On the CPU accelerator every
/// access is bounds-checked, so wide items cut the loads, the id reads and the row divisions per float.</remarks>
internal sealed class RowKernels
{
    private readonly Accelerator accelerator;
    private readonly Action<KernelConfig, Partition, RowViews, ArrayView<int>, int, int> forward;
    private readonly Action<KernelConfig, Partition, RowViews, ArrayView<int>, int, int> backward;

    public RowKernels(Accelerator accelerator)
    {
        this.accelerator = accelerator;
        forward = accelerator.LoadStreamKernel<Partition, RowViews, ArrayView<int>, int, int>(ForwardKernel);
        backward = accelerator.LoadStreamKernel<Partition, RowViews, ArrayView<int>, int, int>(BackwardKernel);
    }

    public void Gather(DenseView src, DeviceIndex rows, DenseView dst)
    {
        int lanes = Quads.LanesOfRows(dst.Cols, src.Data, dst.Data);
        var launch = LaunchPolicy.For(accelerator, dst.Length / lanes);
        forward(launch.Config, launch.Work, new RowViews(indexed: src.Data, dense: dst.Data, lanes), rows.View, dst.Cols / lanes, lanes);
    }

    public void ScatterAdd(DenseView src, DeviceIndex rows, DenseView dst)
    {
        int lanes = Quads.LanesOfRows(src.Cols, src.Data, dst.Data);
        var launch = LaunchPolicy.For(accelerator, src.Length / lanes);
        backward(launch.Config, launch.Work, new RowViews(indexed: dst.Data, dense: src.Data, lanes), rows.View, src.Cols / lanes, lanes);
    }

    // Item e is access e % width of the dense side's row e / width; that row's id picks the row on the indexed side.
    [KernelEntry]
    internal static void ForwardKernel(Partition work, RowViews v, ArrayView<int> ids, int width, int lanes)
    {
        var range = work.ForThisThread();
        for (long e = range.Start; e < range.End; e += range.Step)
        {
            long row = e / width, other = ids[row] * (long)width + (e - row * width);
            if (lanes == 4) v.Dense4[e] = v.Indexed4[other];
            else if (lanes == 2) v.Dense2[e] = v.Indexed2[other];
            else v.Dense[e] = v.Indexed[other];
        }
    }

    [KernelEntry]
    internal static void BackwardKernel(Partition work, RowViews v, ArrayView<int> ids, int width, int lanes)
    {
        var range = work.ForThisThread();
        for (long e = range.Start; e < range.End; e += range.Step)
        {
            long row = e / width, other = ids[row] * (long)width + (e - row * width);
            if (lanes == 4) v.Indexed4[other] = v.Indexed4[other] + v.Dense4[e];
            else if (lanes == 2) v.Indexed2[other] = v.Indexed2[other] + v.Dense2[e];
            else v.Indexed[other] += v.Dense[e];
        }
    }
}

/// <summary>Both sides of a row gather or scatter, as floats and as the wider accesses; only the width the launch
/// chose is non-empty. Indexed: the side addressed through the ids (gather's source, scatter's target); dense: the
/// side addressed in order.</summary>
internal readonly struct RowViews(ArrayView<float> indexed, ArrayView<float> dense, int lanes)
{
    public readonly ArrayView<float> Indexed = lanes == 1 ? indexed : ArrayView<float>.Empty;
    public readonly ArrayView<float> Dense = lanes == 1 ? dense : ArrayView<float>.Empty;
    public readonly ArrayView<Float2> Indexed2 = Quads.PairsOf(indexed, lanes == 2);
    public readonly ArrayView<Float2> Dense2 = Quads.PairsOf(dense, lanes == 2);
    public readonly ArrayView<Float4> Indexed4 = Quads.Of(indexed, lanes == 4);
    public readonly ArrayView<Float4> Dense4 = Quads.Of(dense, lanes == 4);
}
