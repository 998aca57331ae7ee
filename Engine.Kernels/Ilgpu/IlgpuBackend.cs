using ClusterGcn.Engine.Kernels.Ilgpu.Dense;
using ClusterGcn.Engine.Kernels.Ilgpu.Elementwise;
using ClusterGcn.Engine.Kernels.Ilgpu.Loss;
using ClusterGcn.Engine.Kernels.Ilgpu.Metrics;
using ClusterGcn.Engine.Kernels.Ilgpu.Optim;
using ClusterGcn.Engine.Kernels.Ilgpu.Reduction;
using ClusterGcn.Engine.Kernels.Ilgpu.Rows;
using ClusterGcn.Engine.Kernels.Ilgpu.Sparse;
using ClusterGcn.Engine.Kernels.Sparse;
using ILGPU;
using ILGPU.Runtime;

namespace ClusterGcn.Engine.Kernels.Ilgpu;

/// <summary>One ILGPU kernel source for CUDA, OpenCL and ILGPU's CPU accelerator (which proves the GPU kernels
/// correct without a GPU).</summary>
/// <remarks>Every kernel is compiled in the constructor and its delegate kept: compiling costs milliseconds per
/// kernel and ILGPU has no on-disk cache (ilgpu-notes §9, pitfall 10). Every kernel is a partitioned loop whose grid
/// comes from <see cref="LaunchPolicy"/>; reductions are deterministic for a given accelerator.</remarks>
public sealed class IlgpuBackend : KernelBackend
{
    private readonly ScratchBuffer<double> scratch;
    private readonly ScratchBuffer<float> packed;
    private readonly MatMulKernels matMul;
    private readonly BiasKernels bias;
    private readonly AddKernels add;
    private readonly ReluKernels relu;
    private readonly DropoutKernels dropout;
    private readonly MeanAggregateKernels meanAggregate;
    private readonly SpmmKernels spmm;
    private readonly RowKernels rows;
    private readonly SumKernels sums;
    private readonly LogSoftmaxNllKernels logSoftmaxNll;
    private readonly SigmoidBceKernels sigmoidBce;
    private readonly ArgmaxKernels argmax;
    private readonly MultiLabelKernels multiLabel;
    private readonly AdamKernels adam;

    /// <summary>Compiles every kernel for <paramref name="accelerator"/>, which stays owned by the caller.</summary>
    public IlgpuBackend(Accelerator accelerator) : base(accelerator)
    {
        Name = "ilgpu-" + accelerator.AcceleratorType.ToString().ToLowerInvariant();
        scratch = new ScratchBuffer<double>(accelerator);
        packed = new ScratchBuffer<float>(accelerator);
        matMul = new MatMulKernels(accelerator, packed);
        bias = new BiasKernels(accelerator);
        add = new AddKernels(accelerator);
        relu = new ReluKernels(accelerator);
        dropout = new DropoutKernels(accelerator);
        meanAggregate = new MeanAggregateKernels(accelerator);
        spmm = new SpmmKernels(accelerator);
        rows = new RowKernels(accelerator);
        sums = new SumKernels(accelerator, scratch);
        logSoftmaxNll = new LogSoftmaxNllKernels(accelerator, sums);
        sigmoidBce = new SigmoidBceKernels(accelerator, sums);
        argmax = new ArgmaxKernels(accelerator, sums);
        multiLabel = new MultiLabelKernels(accelerator, sums);
        adam = new AdamKernels(accelerator);
    }

    /// <inheritdoc />
    public override string Name { get; }

    /// <inheritdoc />
    public override void Dispose()
    {
        sums.Dispose();
        scratch.Dispose();
        packed.Dispose();
        base.Dispose();
    }

    /// <inheritdoc />
    protected override void MatMulCore(MatMulForm form, DenseView a, DenseView b, DenseView c, int m, int k, int n, bool accumulate) =>
        matMul.Product(form, a, b, c, m, k, n, accumulate);

    /// <inheritdoc />
    protected override void AddBiasCore(DenseView y, ArrayView<float> bias) => this.bias.Forward(y, bias);

    /// <inheritdoc />
    protected override void BiasBackwardCore(DenseView dY, ArrayView<float> dBias) => bias.Backward(dY, dBias);

    /// <inheritdoc />
    protected override void AddCore(ArrayView<float> a, ArrayView<float> b, ArrayView<float> y) => add.Forward(a, b, y);

    /// <inheritdoc />
    protected override void AxpyCore(float alpha, ArrayView<float> x, ArrayView<float> y) => add.Backward(alpha, x, y);

    /// <inheritdoc />
    protected override void MeanAggregateCore(DeviceCsr a, DenseView x, DenseView y) => meanAggregate.Forward(a, x, y);

    /// <inheritdoc />
    protected override void MeanAggregateBackwardCore(DeviceCsr a, DenseView dY, DenseView dX) => meanAggregate.Backward(a, dY, dX);

    /// <inheritdoc />
    protected override void SpmmCore(DeviceCsr a, DenseView x, DenseView y) => spmm.Forward(a, x, y);

    /// <inheritdoc />
    protected override void SpmmBackwardCore(DeviceCsr a, DenseView dY, DenseView dX) => spmm.Backward(a, dY, dX);

    /// <inheritdoc />
    protected override void ReluCore(ArrayView<float> x, ArrayView<float> y) => relu.Forward(x, y);

    /// <inheritdoc />
    protected override void ReluBackwardCore(ArrayView<float> y, ArrayView<float> dY, ArrayView<float> dX) => relu.Backward(y, dY, dX);

    /// <inheritdoc />
    protected override void DropoutCore(ArrayView<float> x, ArrayView<float> y, float p, ulong seed) => dropout.Forward(x, y, p, seed);

    /// <inheritdoc />
    protected override void DropoutBackwardCore(ArrayView<float> dY, ArrayView<float> dX, float p, ulong seed) =>
        dropout.Backward(dY, dX, p, seed);

    /// <inheritdoc />
    protected override void GatherRowsCore(DenseView src, DeviceIndex rows, DenseView dst) => this.rows.Gather(src, rows, dst);

    /// <inheritdoc />
    protected override void ScatterAddRowsCore(DenseView src, DeviceIndex rows, DenseView dst) => this.rows.ScatterAdd(src, rows, dst);

    /// <inheritdoc />
    protected override void LogSoftmaxCore(DenseView logits, DenseView logProbs) => logSoftmaxNll.LogSoftmax(logits, logProbs);

    /// <inheritdoc />
    protected override void LogSoftmaxNllCore(DenseView logits, ArrayView<int> labels, ArrayView<int> rowMask, ArrayView<float> loss) =>
        logSoftmaxNll.Forward(logits, labels, rowMask, loss);

    /// <inheritdoc />
    protected override void LogSoftmaxNllBackwardCore(DenseView logits, ArrayView<int> labels, ArrayView<int> rowMask,
        ArrayView<float> loss, ArrayView<float> dLoss, DenseView dLogits) =>
        logSoftmaxNll.Backward(logits, labels, rowMask, loss, dLoss, dLogits);

    /// <inheritdoc />
    protected override void SigmoidBceCore(DenseView logits, DenseView targets, ArrayView<int> rowMask, ArrayView<float> loss) =>
        sigmoidBce.Forward(logits, targets, rowMask, loss);

    /// <inheritdoc />
    protected override void SigmoidBceBackwardCore(DenseView logits, DenseView targets, ArrayView<int> rowMask,
        ArrayView<float> loss, ArrayView<float> dLoss, DenseView dLogits) =>
        sigmoidBce.Backward(logits, targets, rowMask, loss, dLoss, dLogits);

    /// <inheritdoc />
    protected override void ArgmaxCore(DenseView x, ArrayView<int> result) => argmax.Argmax(x, result);

    /// <inheritdoc />
    protected override void CountCorrectCore(DenseView logits, ArrayView<int> labels, ArrayView<int> rowMask, ArrayView<int> counts) =>
        argmax.CountCorrect(logits, labels, rowMask, counts);

    /// <inheritdoc />
    protected override void MultiLabelCountsCore(DenseView logits, DenseView targets, ArrayView<int> rowMask, ArrayView<int> counts) =>
        multiLabel.Counts(logits, targets, rowMask, counts);

    /// <inheritdoc />
    protected override void SumCore(ArrayView<float> x, ArrayView<float> result) => sums.Sum(x, result);

    /// <inheritdoc />
    protected override void AdamStepCore(ArrayView<float> param, ArrayView<float> grad, ArrayView<float> m, ArrayView<float> v,
        AdamStepSettings settings) => adam.Step(param, grad, m, v, settings);
}
