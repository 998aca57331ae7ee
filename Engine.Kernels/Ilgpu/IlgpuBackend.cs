using ClusterGcn.Engine.Kernels.Sparse;
using ILGPU;
using ILGPU.Runtime;

namespace ClusterGcn.Engine.Kernels.Ilgpu;

/// <summary>One ILGPU kernel source for CUDA, OpenCL and ILGPU's CPU accelerator (which proves the GPU kernels correct without a GPU).</summary>
/// <remarks>STUB: being implemented.</remarks>
public sealed class IlgpuBackend(Accelerator accelerator) : KernelBackend(accelerator)
{
    /// <inheritdoc />
    public override string Name => "ilgpu";

    /// <inheritdoc />
    protected override void MatMulCore(MatMulForm form, DenseView a, DenseView b, DenseView c, int m, int k, int n, bool accumulate) => throw new NotImplementedException();

    /// <inheritdoc />
    protected override void AddBiasCore(DenseView y, ArrayView<float> bias) => throw new NotImplementedException();

    /// <inheritdoc />
    protected override void BiasBackwardCore(DenseView dY, ArrayView<float> dBias) => throw new NotImplementedException();

    /// <inheritdoc />
    protected override void AddCore(ArrayView<float> a, ArrayView<float> b, ArrayView<float> y) => throw new NotImplementedException();

    /// <inheritdoc />
    protected override void AxpyCore(float alpha, ArrayView<float> x, ArrayView<float> y) => throw new NotImplementedException();

    /// <inheritdoc />
    protected override void MeanAggregateCore(DeviceCsr a, DenseView x, DenseView y) => throw new NotImplementedException();

    /// <inheritdoc />
    protected override void MeanAggregateBackwardCore(DeviceCsr a, DenseView dY, DenseView dX) => throw new NotImplementedException();

    /// <inheritdoc />
    protected override void SpmmCore(DeviceCsr a, DenseView x, DenseView y) => throw new NotImplementedException();

    /// <inheritdoc />
    protected override void SpmmBackwardCore(DeviceCsr a, DenseView dY, DenseView dX) => throw new NotImplementedException();

    /// <inheritdoc />
    protected override void ReluCore(ArrayView<float> x, ArrayView<float> y) => throw new NotImplementedException();

    /// <inheritdoc />
    protected override void ReluBackwardCore(ArrayView<float> y, ArrayView<float> dY, ArrayView<float> dX) => throw new NotImplementedException();

    /// <inheritdoc />
    protected override void DropoutCore(ArrayView<float> x, ArrayView<float> y, float p, ulong seed) => throw new NotImplementedException();

    /// <inheritdoc />
    protected override void DropoutBackwardCore(ArrayView<float> dY, ArrayView<float> dX, float p, ulong seed) => throw new NotImplementedException();

    /// <inheritdoc />
    protected override void GatherRowsCore(DenseView src, DeviceIndex rows, DenseView dst) => throw new NotImplementedException();

    /// <inheritdoc />
    protected override void ScatterAddRowsCore(DenseView src, DeviceIndex rows, DenseView dst) => throw new NotImplementedException();

    /// <inheritdoc />
    protected override void LogSoftmaxCore(DenseView logits, DenseView logProbs) => throw new NotImplementedException();

    /// <inheritdoc />
    protected override void LogSoftmaxNllCore(DenseView logits, ArrayView<int> labels, ArrayView<int> rowMask, ArrayView<float> loss) => throw new NotImplementedException();

    /// <inheritdoc />
    protected override void LogSoftmaxNllBackwardCore(DenseView logits, ArrayView<int> labels, ArrayView<int> rowMask, ArrayView<float> loss, ArrayView<float> dLoss, DenseView dLogits) => throw new NotImplementedException();

    /// <inheritdoc />
    protected override void SigmoidBceCore(DenseView logits, DenseView targets, ArrayView<int> rowMask, ArrayView<float> loss) => throw new NotImplementedException();

    /// <inheritdoc />
    protected override void SigmoidBceBackwardCore(DenseView logits, DenseView targets, ArrayView<int> rowMask, ArrayView<float> loss, ArrayView<float> dLoss, DenseView dLogits) => throw new NotImplementedException();

    /// <inheritdoc />
    protected override void ArgmaxCore(DenseView x, ArrayView<int> result) => throw new NotImplementedException();

    /// <inheritdoc />
    protected override void CountCorrectCore(DenseView logits, ArrayView<int> labels, ArrayView<int> rowMask, ArrayView<int> counts) => throw new NotImplementedException();

    /// <inheritdoc />
    protected override void MultiLabelCountsCore(DenseView logits, DenseView targets, ArrayView<int> rowMask, ArrayView<int> counts) => throw new NotImplementedException();

    /// <inheritdoc />
    protected override void SumCore(ArrayView<float> x, ArrayView<float> result) => throw new NotImplementedException();

    /// <inheritdoc />
    protected override void AdamStepCore(ArrayView<float> param, ArrayView<float> grad, ArrayView<float> m, ArrayView<float> v, AdamStepSettings settings) => throw new NotImplementedException();
}
