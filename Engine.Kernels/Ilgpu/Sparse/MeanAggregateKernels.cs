using ClusterGcn.Engine.Kernels.Sparse;
using ILGPU;
using ILGPU.Runtime;

namespace ClusterGcn.Engine.Kernels.Ilgpu.Sparse;

/// <summary>Mean aggregation over CSR neighbours: y[i, f] = (1 / deg i)·Σ_{j ∈ N(i)} x[j, f], rows without
/// neighbours giving 0; and its gradient, gathered over the transpose.</summary>
internal sealed class MeanAggregateKernels
{
    private readonly Accelerator accelerator;
    private readonly Action<KernelConfig, Partition, ArrayView<int>, ArrayView<int>, ArrayView<float>, ArrayView<float>, int> forward;
    private readonly Action<KernelConfig, Partition, ArrayView<int>, ArrayView<int>, ArrayView<int>, ArrayView<float>, ArrayView<float>, int> backward;

    public MeanAggregateKernels(Accelerator accelerator)
    {
        this.accelerator = accelerator;
        forward = accelerator.LoadStreamKernel<Partition, ArrayView<int>, ArrayView<int>, ArrayView<float>, ArrayView<float>, int>(ForwardKernel);
        backward = accelerator.LoadStreamKernel<Partition, ArrayView<int>, ArrayView<int>, ArrayView<int>, ArrayView<float>, ArrayView<float>, int>(BackwardKernel);
    }

    public void Forward(DeviceCsr a, DenseView x, DenseView y)
    {
        var launch = LaunchPolicy.For(accelerator, y.Length);
        forward(launch.Config, launch.Work, a.RowPtr, a.ColIdx, x.Data, y.Data, y.Cols);
    }

    public void Backward(DeviceCsr a, DenseView dY, DenseView dX)
    {
        var launch = LaunchPolicy.For(accelerator, dX.Length);
        backward(launch.Config, launch.Work, a.RowPtr, a.TransposedRowPtr, a.TransposedColIdx, dY.Data, dX.Data, dX.Cols);
    }

    // One item per (row, feature), feature fastest, so neighbouring GPU threads read neighbouring floats of each
    // neighbour's row. An empty row sums nothing and divides by 1, giving 0 without a branch.
    [KernelEntry]
    internal static void ForwardKernel(Partition work, ArrayView<int> rowPtr, ArrayView<int> colIdx,
        ArrayView<float> x, ArrayView<float> y, int cols)
    {
        var range = work.ForThisThread();
        for (long item = range.Start; item < range.End; item += range.Step)
        {
            int row = (int)(item / cols), f = (int)(item % cols);
            int begin = rowPtr[row], end = rowPtr[row + 1];
            float sum = 0f;
            for (int e = begin; e < end; e++) sum += x[(long)colIdx[e] * cols + f];
            y[item] = sum / Math.Max(end - begin, 1);
        }
    }

    // The forward over the transposed graph, weighting each edge by 1/deg of its source row. Gathering rather than
    // scattering with atomics fixes the summation order (identical gradients on reruns) and needs no float atomics,
    // which OpenCL emulates with compare-and-swap loops.
    [KernelEntry]
    internal static void BackwardKernel(Partition work, ArrayView<int> rowPtr, ArrayView<int> tRowPtr, ArrayView<int> tColIdx,
        ArrayView<float> dY, ArrayView<float> dX, int cols)
    {
        var range = work.ForThisThread();
        for (long item = range.Start; item < range.End; item += range.Step)
        {
            int node = (int)(item / cols), f = (int)(item % cols);
            float sum = 0f;
            for (int e = tRowPtr[node]; e < tRowPtr[node + 1]; e++)
            {
                int row = tColIdx[e];
                sum += dY[(long)row * cols + f] / (rowPtr[row + 1] - rowPtr[row]);
            }
            dX[item] += sum;
        }
    }
}
