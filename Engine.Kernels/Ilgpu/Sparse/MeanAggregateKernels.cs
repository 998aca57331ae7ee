using ClusterGcn.Engine.Kernels.Sparse;
using ILGPU;
using ILGPU.Runtime;

namespace ClusterGcn.Engine.Kernels.Ilgpu.Sparse;

/// <summary>Mean aggregation over CSR neighbours: y[i, f] = (1 / deg i)·Σ_{j ∈ N(i)} x[j, f], rows without
/// neighbours giving 0; and its gradient, gathered over the transpose.</summary>
internal sealed class MeanAggregateKernels
{
    private readonly Accelerator accelerator;
    private readonly Action<KernelConfig, Partition, ArrayView<int>, ArrayView<int>, ArrayView<float>, ArrayView<float>, int, int> forward;
    private readonly Action<KernelConfig, Partition, ArrayView<float>, ArrayView<int>, ArrayView<int>, ArrayView<float>, ArrayView<float>, int, int> backward;

    public MeanAggregateKernels(Accelerator accelerator)
    {
        this.accelerator = accelerator;
        forward = accelerator.LoadStreamKernel<Partition, ArrayView<int>, ArrayView<int>, ArrayView<float>, ArrayView<float>, int, int>(ForwardKernel);
        backward = accelerator.LoadStreamKernel<Partition, ArrayView<float>, ArrayView<int>, ArrayView<int>, ArrayView<float>, ArrayView<float>, int, int>(BackwardKernel);
    }

    public void Forward(DeviceCsr a, DenseView x, DenseView y)
    {
        int layout = FeatureSlab.Layout(accelerator, x.Data, x.Cols);
        var launch = LaunchPolicy.For(accelerator, FeatureSlab.Items(y.Rows, y.Cols, layout));
        forward(launch.Config, launch.Work, a.RowPtr, a.ColIdx, x.Data, y.Data, y.Cols, layout);
    }

    public void Backward(DeviceCsr a, DenseView dY, DenseView dX)
    {
        int layout = FeatureSlab.Layout(accelerator, dY.Data, dY.Cols);
        var launch = LaunchPolicy.For(accelerator, FeatureSlab.Items(dX.Rows, dX.Cols, layout));
        backward(launch.Config, launch.Work, a.InverseDegree, a.TransposedRowPtr, a.TransposedColIdx, dY.Data, dX.Data, dX.Cols,
            layout);
    }

    // One item per (row, slab of features), slab fastest, so neighbouring GPU threads read neighbouring quads of each
    // neighbour's row. An empty row sums nothing and divides by 1, giving 0 without a branch.
    [KernelEntry]
    internal static void ForwardKernel(Partition work, ArrayView<int> rowPtr, ArrayView<int> colIdx,
        ArrayView<float> x, ArrayView<float> y, int cols, int layout)
    {
        var range = work.ForThisThread();
        var x4 = x.Cast<Float4>();
        var x16 = x.Cast<Float4x4>();
        for (long item = range.Start; item < range.End; item += range.Step)
        {
            int row = FeatureSlab.Row(item, cols, layout, out int f0);
            int begin = rowPtr[row], end = rowPtr[row + 1];
            var sum = new FeatureSlab();
            for (int e = begin; e < end; e++) sum.Add(x, x4, x16, layout, (long)colIdx[e] * cols, f0, cols, 1f);
            sum.Store(y, layout, (long)row * cols, f0, cols, Math.Max(end - begin, 1), 0);
        }
    }

    // The forward over the transposed graph, weighting each edge by 1/deg of its source row (precomputed: one load
    // instead of two row-pointer loads and a division per edge). Gathering rather than
    // scattering with atomics fixes the summation order (identical gradients on reruns) and needs no float atomics,
    // which OpenCL emulates with compare-and-swap loops.
    [KernelEntry]
    internal static void BackwardKernel(Partition work, ArrayView<float> inverseDegree, ArrayView<int> tRowPtr, ArrayView<int> tColIdx,
        ArrayView<float> dY, ArrayView<float> dX, int cols, int layout)
    {
        var range = work.ForThisThread();
        var dY4 = dY.Cast<Float4>();
        var dY16 = dY.Cast<Float4x4>();
        for (long item = range.Start; item < range.End; item += range.Step)
        {
            int node = FeatureSlab.Row(item, cols, layout, out int f0);
            int end = tRowPtr[node + 1];
            var sum = new FeatureSlab();
            for (int e = tRowPtr[node]; e < end; e++)
            {
                int row = tColIdx[e];
                sum.Add(dY, dY4, dY16, layout, (long)row * cols, f0, cols, inverseDegree[row]);
            }
            sum.Store(dX, layout, (long)node * cols, f0, cols, 1f, 1);
        }
    }
}
