using ClusterGcn.Engine.Kernels.Sparse;
using ILGPU;
using ILGPU.Runtime;

namespace ClusterGcn.Engine.Kernels.Ilgpu.Sparse;

/// <summary>Weighted CSR × dense: y[i] = Σ_e value[e]·x[col e]; and its gradient dX += Aᵀ·dY, gathered over the
/// transpose (no atomics, fixed summation order).</summary>
internal sealed class SpmmKernels
{
    private readonly Accelerator accelerator;
    private readonly Action<KernelConfig, Partition, ArrayView<int>, ArrayView<int>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int> forward;
    private readonly Action<KernelConfig, Partition, ArrayView<int>, ArrayView<int>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int> backward;

    public SpmmKernels(Accelerator accelerator)
    {
        this.accelerator = accelerator;
        forward = accelerator.LoadStreamKernel<Partition, ArrayView<int>, ArrayView<int>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int>(ForwardKernel);
        backward = accelerator.LoadStreamKernel<Partition, ArrayView<int>, ArrayView<int>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int>(BackwardKernel);
    }

    public void Forward(DeviceCsr a, DenseView x, DenseView y)
    {
        var launch = LaunchPolicy.For(accelerator, FeatureQuad.Items(y.Rows, y.Cols));
        forward(launch.Config, launch.Work, a.RowPtr, a.ColIdx, a.Values, x.Data, y.Data, y.Cols,
            FeatureQuad.Vectorised(x.Data, x.Cols));
    }

    public void Backward(DeviceCsr a, DenseView dY, DenseView dX)
    {
        var launch = LaunchPolicy.For(accelerator, FeatureQuad.Items(dX.Rows, dX.Cols));
        backward(launch.Config, launch.Work, a.TransposedRowPtr, a.TransposedColIdx, a.TransposedValues, dY.Data, dX.Data, dX.Cols,
            FeatureQuad.Vectorised(dY.Data, dY.Cols));
    }

    [KernelEntry]
    internal static void ForwardKernel(Partition work, ArrayView<int> rowPtr, ArrayView<int> colIdx, ArrayView<float> values,
        ArrayView<float> x, ArrayView<float> y, int cols, int vectorised)
    {
        var range = work.ForThisThread();
        for (long item = range.Start; item < range.End; item += range.Step)
            GatherRow(rowPtr, colIdx, values, x, vectorised, item, cols, y, 0);
    }

    // The transposed CSR carries the values permuted into its entry order, so the backward is the forward's
    // gather over Aᵀ, adding instead of overwriting.
    [KernelEntry]
    internal static void BackwardKernel(Partition work, ArrayView<int> tRowPtr, ArrayView<int> tColIdx, ArrayView<float> tValues,
        ArrayView<float> dY, ArrayView<float> dX, int cols, int vectorised)
    {
        var range = work.ForThisThread();
        for (long item = range.Start; item < range.End; item += range.Step)
            GatherRow(tRowPtr, tColIdx, tValues, dY, vectorised, item, cols, dX, 1);
    }

    // Item = (row, feature quad) with the quad fastest, so neighbouring GPU threads read neighbouring floats.
    private static void GatherRow(ArrayView<int> rowPtr, ArrayView<int> colIdx, ArrayView<float> values,
        ArrayView<float> x, int vectorised, long item, int cols, ArrayView<float> y, int accumulate)
    {
        var x4 = x.Cast<Float4>();
        int row = FeatureQuad.Row(item, cols, out int f0);
        int end = rowPtr[row + 1];
        var sum = new FeatureQuad();
        for (int e = rowPtr[row]; e < end; e++) sum.Add(x, x4, vectorised, (long)colIdx[e] * cols, f0, cols, values[e]);
        sum.Store(y, (long)row * cols, f0, cols, 1f, accumulate);
    }
}
