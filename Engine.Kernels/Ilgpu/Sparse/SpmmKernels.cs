using System.Runtime.CompilerServices;
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
        int layout = FeatureSlab.Layout(accelerator, x.Data, x.Cols);
        var launch = LaunchPolicy.For(accelerator, FeatureSlab.Items(y.Rows, y.Cols, layout));
        forward(launch.Config, launch.Work, a.RowPtr, a.ColIdx, a.Values, x.Data, y.Data, y.Cols, layout);
    }

    public void Backward(DeviceCsr a, DenseView dY, DenseView dX)
    {
        int layout = FeatureSlab.Layout(accelerator, dY.Data, dY.Cols);
        var launch = LaunchPolicy.For(accelerator, FeatureSlab.Items(dX.Rows, dX.Cols, layout));
        backward(launch.Config, launch.Work, a.TransposedRowPtr, a.TransposedColIdx, a.TransposedValues, dY.Data, dX.Data, dX.Cols,
            layout);
    }

    [KernelEntry]
    internal static void ForwardKernel(Partition work, ArrayView<int> rowPtr, ArrayView<int> colIdx, ArrayView<float> values,
        ArrayView<float> x, ArrayView<float> y, int cols, int layout)
    {
        var range = work.ForThisThread();
        for (long item = range.Start; item < range.End; item += range.Step)
            GatherRow(rowPtr, colIdx, values, x, layout, item, cols, y, 0);
    }

    // The transposed CSR carries the values permuted into its entry order, so the backward is the forward's
    // gather over Aᵀ, adding instead of overwriting.
    [KernelEntry]
    internal static void BackwardKernel(Partition work, ArrayView<int> tRowPtr, ArrayView<int> tColIdx, ArrayView<float> tValues,
        ArrayView<float> dY, ArrayView<float> dX, int cols, int layout)
    {
        var range = work.ForThisThread();
        for (long item = range.Start; item < range.End; item += range.Step)
            GatherRow(tRowPtr, tColIdx, tValues, dY, layout, item, cols, dX, 1);
    }

    // Item = (row, slab of features) with the slab fastest, so neighbouring GPU threads read neighbouring quads.
    // Inlined into both kernels: on the CPU accelerator a call per item would run unoptimised tier-0 code at first.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void GatherRow(ArrayView<int> rowPtr, ArrayView<int> colIdx, ArrayView<float> values,
        ArrayView<float> x, int layout, long item, int cols, ArrayView<float> y, int accumulate)
    {
        var x4 = x.Cast<Float4>();
        var x16 = x.Cast<Float4x4>();
        int row = FeatureSlab.Row(item, cols, layout, out int f0);
        int end = rowPtr[row + 1];
        var sum = new FeatureSlab();
        for (int e = rowPtr[row]; e < end; e++) sum.Add(x, x4, x16, layout, (long)colIdx[e] * cols, f0, cols, values[e]);
        sum.Store(y, layout, (long)row * cols, f0, cols, 1f, accumulate);
    }
}
