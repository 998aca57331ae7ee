using ClusterGcn.Engine.Kernels.Simd.Elementwise;
using ClusterGcn.Engine.Kernels.Simd.Loss;
using ClusterGcn.Engine.Kernels.Simd.Metrics;
using ClusterGcn.Engine.Kernels.Simd.Rows;
using ClusterGcn.Engine.Kernels.Sparse;
using ILGPU;
using ILGPU.Runtime;
using static ClusterGcn.Engine.Kernels.Simd.HostMemory;

namespace ClusterGcn.Engine.Kernels.Simd;

/// <summary>The production CPU path: Vector512/Vector256 C# with Parallel.For over row ranges, reading and writing
/// ILGPU CPU-accelerator buffers in place (no copies). Results do not depend on the core count: every output element
/// is computed by one task in a fixed order, and reductions use fixed chunks combined in a fixed order.</summary>
/// <remarks>Ops run synchronously on the calling thread (plus the thread pool), so scalars such as a loss are
/// readable as soon as the call returns. Not safe for concurrent calls: the ops share one scratch buffer.</remarks>
public sealed unsafe class SimdBackend : KernelBackend
{
    private readonly WidthOps ops = WidthOps.ForThisMachine();
    private readonly Scratch scratch = new();

    /// <summary>Binds the backend to a CPU accelerator, whose buffers are host memory.</summary>
    /// <exception cref="ArgumentException"><paramref name="accelerator"/> is not ILGPU's CPU accelerator.</exception>
    public SimdBackend(Accelerator accelerator) : base(RequireCpu(accelerator))
    {
    }

    /// <inheritdoc />
    public override string Name => "simd";

    /// <summary>The vector width the kernels were bound to on this machine, e.g. "512-bit".</summary>
    public string VectorWidth => ops.Width;

    /// <inheritdoc />
    protected override void MatMulCore(MatMulForm form, DenseView a, DenseView b, DenseView c, int m, int k, int n, bool accumulate) =>
        ops.MatMul(form, Ptr(a), Ptr(b), Ptr(c), m, k, n, accumulate, scratch);

    /// <inheritdoc />
    protected override void AddBiasCore(DenseView y, ArrayView<float> bias) => ops.AddBias(Ptr(y), Ptr(bias), y.Rows, y.Cols);

    /// <inheritdoc />
    protected override void BiasBackwardCore(DenseView dY, ArrayView<float> dBias) =>
        ops.BiasBackward(Ptr(dY), Ptr(dBias), dY.Rows, dY.Cols);

    /// <inheritdoc />
    protected override void AddCore(ArrayView<float> a, ArrayView<float> b, ArrayView<float> y) => ops.Add(Ptr(a), Ptr(b), Ptr(y), a.Length);

    /// <inheritdoc />
    protected override void AxpyCore(float alpha, ArrayView<float> x, ArrayView<float> y) => ops.Axpy(alpha, Ptr(x), Ptr(y), x.Length);

    /// <inheritdoc />
    protected override void LayerNormCore(DenseView x, ArrayView<float> gamma, ArrayView<float> beta, DenseView y, ArrayView<float> mean,
        ArrayView<float> rstd, float eps) =>
        ops.LayerNorm(Ptr(x), Ptr(gamma), Ptr(beta), Ptr(y), Ptr(mean), Ptr(rstd), x.Rows, x.Cols, eps);

    /// <inheritdoc />
    protected override void LayerNormBackwardCore(DenseView x, ArrayView<float> gamma, ArrayView<float> mean, ArrayView<float> rstd,
        DenseView dY, DenseView dX) =>
        ops.LayerNormBackward(Ptr(x), Ptr(gamma), Ptr(mean), Ptr(rstd), Ptr(dY), Ptr(dX), x.Rows, x.Cols);

    /// <inheritdoc />
    protected override void LayerNormAffineBackwardCore(DenseView x, ArrayView<float> mean, ArrayView<float> rstd, DenseView dY,
        ArrayView<float> dGamma, ArrayView<float> dBeta) =>
        ops.LayerNormAffineBackward(Ptr(x), Ptr(mean), Ptr(rstd), Ptr(dY), Ptr(dGamma), Ptr(dBeta), x.Rows, x.Cols);

    /// <inheritdoc />
    protected override void MeanAggregateCore(DeviceCsr a, DenseView x, DenseView y) =>
        ops.MeanAggregate(Ptr(a.RowPtr), Ptr(a.ColIdx), Ptr(x), Ptr(y), a.Rows, x.Cols);

    /// <inheritdoc />
    protected override void MeanAggregateBackwardCore(DeviceCsr a, DenseView dY, DenseView dX) =>
        ops.MeanAggregateBackward(Ptr(a.InverseDegree), Ptr(a.TransposedRowPtr), Ptr(a.TransposedColIdx), Ptr(dY), Ptr(dX), a.Cols, dY.Cols);

    /// <inheritdoc />
    protected override void SpmmCore(DeviceCsr a, DenseView x, DenseView y) =>
        ops.Spmm(Ptr(a.RowPtr), Ptr(a.ColIdx), Ptr(a.Values), Ptr(x), Ptr(y), a.Rows, x.Cols);

    /// <inheritdoc />
    protected override void SpmmBackwardCore(DeviceCsr a, DenseView dY, DenseView dX) =>
        ops.SpmmBackward(Ptr(a.TransposedRowPtr), Ptr(a.TransposedColIdx), Ptr(a.TransposedValues), Ptr(dY), Ptr(dX), a.Cols, dY.Cols);

    /// <inheritdoc />
    protected override void ReluCore(ArrayView<float> x, ArrayView<float> y) => ops.Relu(Ptr(x), Ptr(y), x.Length);

    /// <inheritdoc />
    protected override void ReluBackwardCore(ArrayView<float> y, ArrayView<float> dY, ArrayView<float> dX) =>
        ops.ReluBackward(Ptr(y), Ptr(dY), Ptr(dX), y.Length);

    /// <inheritdoc />
    protected override void DropoutCore(ArrayView<float> x, ArrayView<float> y, float p, ulong seed) =>
        DropoutSimd.Forward(Ptr(x), Ptr(y), x.Length, p, seed);

    /// <inheritdoc />
    protected override void DropoutBackwardCore(ArrayView<float> dY, ArrayView<float> dX, float p, ulong seed) =>
        DropoutSimd.Backward(Ptr(dY), Ptr(dX), dY.Length, p, seed);

    /// <inheritdoc />
    protected override void GatherRowsCore(DenseView src, DeviceIndex rows, DenseView dst) =>
        RowsSimd.Gather(Ptr(src), Ptr(rows.View), Ptr(dst), rows.Count, src.Cols);

    /// <inheritdoc />
    protected override void ScatterAddRowsCore(DenseView src, DeviceIndex rows, DenseView dst) =>
        ops.ScatterAddRows(Ptr(src), Ptr(rows.View), Ptr(dst), rows.Count, dst.Cols);

    /// <inheritdoc />
    protected override void LogSoftmaxCore(DenseView logits, DenseView logProbs) =>
        LogSoftmaxNllSimd.LogSoftmax(Ptr(logits), Ptr(logProbs), logits.Rows, logits.Cols);

    /// <inheritdoc />
    protected override void LogSoftmaxNllCore(DenseView logits, ArrayView<int> labels, ArrayView<int> rowMask, ArrayView<float> loss) =>
        LogSoftmaxNllSimd.Forward(Ptr(logits), Ptr(labels), Ptr(rowMask), Ptr(loss), logits.Rows, logits.Cols, scratch);

    /// <inheritdoc />
    protected override void LogSoftmaxNllBackwardCore(DenseView logits, ArrayView<int> labels, ArrayView<int> rowMask,
        ArrayView<float> loss, ArrayView<float> dLoss, DenseView dLogits) =>
        LogSoftmaxNllSimd.Backward(Ptr(logits), Ptr(labels), Ptr(rowMask), Ptr(loss), Ptr(dLoss), Ptr(dLogits), logits.Rows, logits.Cols);

    /// <inheritdoc />
    protected override void SigmoidBceCore(DenseView logits, DenseView targets, ArrayView<int> rowMask, ArrayView<float> loss) =>
        SigmoidBceSimd.Forward(Ptr(logits), Ptr(targets), Ptr(rowMask), Ptr(loss), logits.Rows, logits.Cols, scratch);

    /// <inheritdoc />
    protected override void SigmoidBceBackwardCore(DenseView logits, DenseView targets, ArrayView<int> rowMask,
        ArrayView<float> loss, ArrayView<float> dLoss, DenseView dLogits) =>
        SigmoidBceSimd.Backward(Ptr(logits), Ptr(targets), Ptr(rowMask), Ptr(loss), Ptr(dLoss), Ptr(dLogits), logits.Rows, logits.Cols);

    /// <inheritdoc />
    protected override void ArgmaxCore(DenseView x, ArrayView<int> result) => MetricsSimd.Argmax(Ptr(x), Ptr(result), x.Rows, x.Cols);

    /// <inheritdoc />
    protected override void CountCorrectCore(DenseView logits, ArrayView<int> labels, ArrayView<int> rowMask, ArrayView<int> counts) =>
        MetricsSimd.CountCorrect(Ptr(logits), Ptr(labels), Ptr(rowMask), Ptr(counts), logits.Rows, logits.Cols);

    /// <inheritdoc />
    protected override void MultiLabelCountsCore(DenseView logits, DenseView targets, ArrayView<int> rowMask, ArrayView<int> counts) =>
        MetricsSimd.MultiLabelCounts(Ptr(logits), Ptr(targets), Ptr(rowMask), Ptr(counts), logits.Rows, logits.Cols);

    /// <inheritdoc />
    protected override void SumCore(ArrayView<float> x, ArrayView<float> result) => ops.Sum(Ptr(x), x.Length, Ptr(result), scratch);

    /// <inheritdoc />
    protected override void AdamStepCore(ArrayView<float> param, ArrayView<float> grad, ArrayView<float> m, ArrayView<float> v,
        AdamStepSettings settings) =>
        ops.AdamStep(Ptr(param), Ptr(grad), Ptr(m), Ptr(v), param.Length, settings);

    /// <inheritdoc />
    public override void Dispose()
    {
        scratch.Dispose();
        base.Dispose();
    }
}
