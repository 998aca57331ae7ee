using ClusterGcn.Engine.Kernels.Sparse;
using ILGPU;
using ILGPU.Runtime;

namespace ClusterGcn.Engine.Kernels;

/// <summary>Every op the engine trains with, forward and backward, on one accelerator. The public methods check
/// shapes once, with one-line errors naming the operand, then run the backend's kernel.</summary>
/// <remarks>
/// Conventions shared by every backend:
/// <list type="bullet">
/// <item>Matrices are row-major <see cref="DenseView"/>s. Forward ops overwrite their output; backward ops
/// (and <see cref="BiasBackward"/>) <b>add</b> into their gradient output, which the trainer zeroes once per step.</item>
/// <item>Row masks are ints: a row counts when its mask is non-zero. A single-label row also needs a label in [0, C).</item>
/// <item>Results that are scalars stay on the accelerator; only the caller decides when to copy them to the host.</item>
/// <item>Nothing is allocated per call except grow-only scratch owned by the backend.</item>
/// </list>
/// Implementations: <c>SimdBackend</c> (Vector512/256 C# on CPU-accelerator buffers, the fast CPU path) and
/// <c>IlgpuBackend</c> (one kernel source for CUDA, OpenCL and ILGPU's CPU accelerator).
/// </remarks>
public abstract class KernelBackend : IDisposable
{
    /// <summary>Binds the backend to the accelerator whose buffers it reads and writes.</summary>
    protected KernelBackend(Accelerator accelerator) => Accelerator = accelerator;

    /// <summary>The accelerator that owns every buffer passed to this backend.</summary>
    public Accelerator Accelerator { get; }

    /// <summary>Short name for logs and reports, e.g. "simd" or "ilgpu-cuda".</summary>
    public abstract string Name { get; }

    /// <summary>Waits until every op issued so far has finished (kernels may run asynchronously on GPUs).</summary>
    public void Synchronize() => Accelerator.Synchronize();

    // ---- dense -------------------------------------------------------------------------------------------------

    /// <summary>C = op(A)·op(B) for the given <paramref name="form"/>; adds into C when <paramref name="accumulate"/>.</summary>
    public void MatMul(MatMulForm form, DenseView a, DenseView b, DenseView c, bool accumulate)
    {
        var (m, k, n) = form switch
        {
            MatMulForm.AB => (a.Rows, a.Cols, b.Cols),
            MatMulForm.ABt => (a.Rows, a.Cols, b.Rows),
            MatMulForm.AtB => (a.Cols, a.Rows, b.Cols),
            _ => throw new ArgumentOutOfRangeException(nameof(form), $"unknown product form (got {form})."),
        };
        int bInner = form == MatMulForm.ABt ? b.Cols : b.Rows;
        if (bInner != k)
            throw new ArgumentException($"matmul {form}: inner sizes differ: a is {a}, b is {b}.", nameof(b));
        RequireShape(c, m, n, $"matmul {form} output c");
        if (m == 0 || n == 0) return;
        MatMulCore(form, a, b, c, m, k, n, accumulate);
    }

    /// <summary>y[i, j] += bias[j].</summary>
    public void AddBias(DenseView y, ArrayView<float> bias)
    {
        RequireLength(bias, y.Cols, "bias");
        if (y.Length > 0) AddBiasCore(y, bias);
    }

    /// <summary>dBias[j] += Σ_i dY[i, j]: the gradient of <see cref="AddBias"/>.</summary>
    public void BiasBackward(DenseView dY, ArrayView<float> dBias)
    {
        RequireLength(dBias, dY.Cols, "bias gradient");
        if (dY.Cols > 0) BiasBackwardCore(dY, dBias);
    }

    /// <summary>y = a + b elementwise; y may be the same buffer as a or b.</summary>
    public void Add(ArrayView<float> a, ArrayView<float> b, ArrayView<float> y)
    {
        RequireLength(b, a.Length, "add operand b");
        RequireLength(y, a.Length, "add output y");
        if (a.Length > 0) AddCore(a, b, y);
    }

    /// <summary>y += alpha·x elementwise: the backward of an add, and gradient scaling.</summary>
    public void Axpy(float alpha, ArrayView<float> x, ArrayView<float> y)
    {
        RequireLength(y, x.Length, "axpy output y");
        if (x.Length > 0) AxpyCore(alpha, x, y);
    }

    // ---- normalisation -----------------------------------------------------------------------------------------

    /// <summary>Layer normalisation over each row (PyTorch's <c>nn.LayerNorm</c> over the last dimension):
    /// y[i, j] = (x[i, j] − μᵢ)·rstdᵢ·gamma[j] + beta[j], with μᵢ the row mean and rstdᵢ = 1 / √(σᵢ² + eps), σᵢ² the
    /// biased variance (divided by C). Writes μ and rstd for the backward passes.</summary>
    /// <remarks>μ and σ² come from two passes over the row in float (a mean, then the deviations from it and their
    /// squares, whose sum corrects the mean's rounding), so rows far from zero lose no precision to cancellation; a
    /// constant row gives σ² = 0 and y = beta.</remarks>
    /// <exception cref="ArgumentException">A shape differs, x has no columns, or eps is not a positive finite number.</exception>
    public void LayerNorm(DenseView x, ArrayView<float> gamma, ArrayView<float> beta, DenseView y, ArrayView<float> mean,
        ArrayView<float> rstd, float eps)
    {
        RequireLayerNormRows(x, mean, rstd);
        RequireLength(gamma, x.Cols, "layer norm gamma");
        RequireLength(beta, x.Cols, "layer norm beta");
        RequireShape(y, x.Rows, x.Cols, "layer norm output y");
        if (!(eps > 0 && float.IsFinite(eps))) // written so that NaN fails too
            throw new ArgumentOutOfRangeException(nameof(eps), $"layer norm eps must be positive and finite (got {eps}).");
        if (x.Rows > 0) LayerNormCore(x, gamma, beta, y, mean, rstd, eps);
    }

    /// <summary>The input gradient of <see cref="LayerNorm"/>: with g = dY[i]·gamma and x̂ = (x[i] − μᵢ)·rstdᵢ,
    /// dX[i] += rstdᵢ·(g − mean(g) − x̂·mean(g·x̂)), means over the row. Reads the μ and rstd the forward wrote.</summary>
    /// <exception cref="ArgumentException">A shape differs from x's, or x has no columns.</exception>
    public void LayerNormBackward(DenseView x, ArrayView<float> gamma, ArrayView<float> mean, ArrayView<float> rstd,
        DenseView dY, DenseView dX)
    {
        RequireLayerNormRows(x, mean, rstd);
        RequireLength(gamma, x.Cols, "layer norm gamma");
        RequireShape(dY, x.Rows, x.Cols, "layer norm output gradient dY");
        RequireShape(dX, x.Rows, x.Cols, "layer norm input gradient dX");
        if (x.Rows > 0) LayerNormBackwardCore(x, gamma, mean, rstd, dY, dX);
    }

    /// <summary>The gradients of <see cref="LayerNorm"/>'s gamma and beta: dGamma[j] += Σᵢ dY[i, j]·x̂[i, j] and
    /// dBeta[j] += Σᵢ dY[i, j], with x̂ = (x − μᵢ)·rstdᵢ. Column sums in a fixed order (no atomics), as in
    /// <see cref="BiasBackward"/>.</summary>
    /// <exception cref="ArgumentException">A shape differs from x's, or x has no columns.</exception>
    public void LayerNormAffineBackward(DenseView x, ArrayView<float> mean, ArrayView<float> rstd, DenseView dY,
        ArrayView<float> dGamma, ArrayView<float> dBeta)
    {
        RequireLayerNormRows(x, mean, rstd);
        RequireShape(dY, x.Rows, x.Cols, "layer norm output gradient dY");
        RequireLength(dGamma, x.Cols, "layer norm gamma gradient");
        RequireLength(dBeta, x.Cols, "layer norm beta gradient");
        if (x.Rows > 0) LayerNormAffineBackwardCore(x, mean, rstd, dY, dGamma, dBeta);
    }

    // ---- sparse ------------------------------------------------------------------------------------------------

    /// <summary>y[i] = (1 / deg i)·Σ_{j ∈ N(i)} x[j]; rows without neighbours give 0.</summary>
    public void MeanAggregate(DeviceCsr a, DenseView x, DenseView y)
    {
        RequireShape(x, a.Cols, x.Cols, "mean aggregation input x");
        RequireShape(y, a.Rows, x.Cols, "mean aggregation output y");
        if (y.Length > 0) MeanAggregateCore(a, x, y);
    }

    /// <summary>dX[j] += Σ_{i : j ∈ N(i)} dY[i] / deg i, gathered over the transpose (no atomics, fixed order).</summary>
    public void MeanAggregateBackward(DeviceCsr a, DenseView dY, DenseView dX)
    {
        RequireTranspose(a);
        RequireShape(dY, a.Rows, dY.Cols, "mean aggregation output gradient dY");
        RequireShape(dX, a.Cols, dY.Cols, "mean aggregation input gradient dX");
        if (dX.Length > 0) MeanAggregateBackwardCore(a, dY, dX);
    }

    /// <summary>y[i] = Σ_e value[e]·x[col e] over the entries of row i (a weighted SpMM, e.g. a GCN normalisation).</summary>
    public void Spmm(DeviceCsr a, DenseView x, DenseView y)
    {
        RequireValues(a);
        RequireShape(x, a.Cols, x.Cols, "spmm input x");
        RequireShape(y, a.Rows, x.Cols, "spmm output y");
        if (y.Length > 0) SpmmCore(a, x, y);
    }

    /// <summary>dX += Aᵀ·dY, gathered over the transpose.</summary>
    public void SpmmBackward(DeviceCsr a, DenseView dY, DenseView dX)
    {
        RequireValues(a);
        RequireTranspose(a);
        RequireShape(dY, a.Rows, dY.Cols, "spmm output gradient dY");
        RequireShape(dX, a.Cols, dY.Cols, "spmm input gradient dX");
        if (dX.Length > 0) SpmmBackwardCore(a, dY, dX);
    }

    // ---- elementwise -------------------------------------------------------------------------------------------

    /// <summary>y = max(x, 0); y may be x.</summary>
    public void Relu(ArrayView<float> x, ArrayView<float> y)
    {
        RequireLength(y, x.Length, "relu output y");
        if (x.Length > 0) ReluCore(x, y);
    }

    /// <summary>dX += dY where y &gt; 0. Reads the output, so ReLU may run in place.</summary>
    public void ReluBackward(ArrayView<float> y, ArrayView<float> dY, ArrayView<float> dX)
    {
        RequireLength(dY, y.Length, "relu output gradient dY");
        RequireLength(dX, y.Length, "relu input gradient dX");
        if (y.Length > 0) ReluBackwardCore(y, dY, dX);
    }

    /// <summary>y[i] = x[i] / (1 − p) where <c>SplitMix64.UniformAt(seed, i) ≥ p</c>, else 0: the same mask on every backend.</summary>
    public void Dropout(ArrayView<float> x, ArrayView<float> y, float p, ulong seed)
    {
        RequireLength(y, x.Length, "dropout output y");
        RequireProbability(p);
        if (x.Length > 0) DropoutCore(x, y, p, seed);
    }

    /// <summary>dX += dY / (1 − p) where the mask of (<paramref name="seed"/>, i) kept element i; the mask is regenerated, not stored.</summary>
    public void DropoutBackward(ArrayView<float> dY, ArrayView<float> dX, float p, ulong seed)
    {
        RequireLength(dX, dY.Length, "dropout input gradient dX");
        RequireProbability(p);
        if (dY.Length > 0) DropoutBackwardCore(dY, dX, p, seed);
    }

    // ---- rows --------------------------------------------------------------------------------------------------

    /// <summary>dst[i] = src[rows[i]].</summary>
    public void GatherRows(DenseView src, DeviceIndex rows, DenseView dst)
    {
        RequireBound(rows, src.Rows, "gather index");
        RequireShape(dst, rows.Count, src.Cols, "gather output");
        if (dst.Length > 0) GatherRowsCore(src, rows, dst);
    }

    /// <summary>dst[rows[i]] += src[i]: the backward of <see cref="GatherRows"/>; ids must be distinct (no atomics).</summary>
    public void ScatterAddRows(DenseView src, DeviceIndex rows, DenseView dst)
    {
        RequireBound(rows, dst.Rows, "scatter index");
        if (!rows.Distinct)
            throw new ArgumentException("scatter index: ids repeat; scatter-add needs distinct rows.", nameof(rows));
        RequireShape(src, rows.Count, dst.Cols, "scatter input");
        if (src.Length > 0) ScatterAddRowsCore(src, rows, dst);
    }

    // ---- losses ------------------------------------------------------------------------------------------------

    /// <summary>logProbs[i] = logits[i] − log Σ_c exp(logits[i, c]), computed stably (max subtracted).</summary>
    public void LogSoftmax(DenseView logits, DenseView logProbs)
    {
        RequireShape(logProbs, logits.Rows, logits.Cols, "log-softmax output");
        if (logits.Length > 0) LogSoftmaxCore(logits, logProbs);
    }

    /// <summary>Fused log-softmax + masked NLL: loss[0] = mean over counted rows of −log softmax(logits[i])[labels[i]],
    /// loss[1] = number of counted rows (0 rows give loss 0).</summary>
    public void LogSoftmaxNll(DenseView logits, ArrayView<int> labels, ArrayView<int> rowMask, ArrayView<float> loss)
    {
        RequireLength(labels, logits.Rows, "labels");
        RequireLength(rowMask, logits.Rows, "row mask");
        RequireMinLength(loss, 2, "loss");
        LogSoftmaxNllCore(logits, labels, rowMask, loss);
    }

    /// <summary>dLogits[i] += dLoss[0]·(softmax(logits[i]) − onehot(labels[i])) / loss[1] for counted rows.</summary>
    public void LogSoftmaxNllBackward(DenseView logits, ArrayView<int> labels, ArrayView<int> rowMask,
        ArrayView<float> loss, ArrayView<float> dLoss, DenseView dLogits)
    {
        RequireLength(labels, logits.Rows, "labels");
        RequireLength(rowMask, logits.Rows, "row mask");
        RequireMinLength(loss, 2, "loss");
        RequireMinLength(dLoss, 1, "loss gradient");
        RequireShape(dLogits, logits.Rows, logits.Cols, "logits gradient");
        if (logits.Length > 0) LogSoftmaxNllBackwardCore(logits, labels, rowMask, loss, dLoss, dLogits);
    }

    /// <summary>Fused sigmoid + masked binary cross-entropy for multi-label targets in [0, 1]:
    /// loss[0] = mean over counted rows and all C classes of −(t·log σ(x) + (1 − t)·log(1 − σ(x))), computed from the
    /// logits stably; loss[1] = number of counted rows.</summary>
    public void SigmoidBce(DenseView logits, DenseView targets, ArrayView<int> rowMask, ArrayView<float> loss)
    {
        RequireShape(targets, logits.Rows, logits.Cols, "targets");
        RequireLength(rowMask, logits.Rows, "row mask");
        RequireMinLength(loss, 2, "loss");
        SigmoidBceCore(logits, targets, rowMask, loss);
    }

    /// <summary>dLogits[i, c] += dLoss[0]·(σ(logits[i, c]) − targets[i, c]) / (loss[1]·C) for counted rows.</summary>
    public void SigmoidBceBackward(DenseView logits, DenseView targets, ArrayView<int> rowMask,
        ArrayView<float> loss, ArrayView<float> dLoss, DenseView dLogits)
    {
        RequireShape(targets, logits.Rows, logits.Cols, "targets");
        RequireLength(rowMask, logits.Rows, "row mask");
        RequireMinLength(loss, 2, "loss");
        RequireMinLength(dLoss, 1, "loss gradient");
        RequireShape(dLogits, logits.Rows, logits.Cols, "logits gradient");
        if (logits.Length > 0) SigmoidBceBackwardCore(logits, targets, rowMask, loss, dLoss, dLogits);
    }

    // ---- metrics and reductions --------------------------------------------------------------------------------

    /// <summary>result[i] = the first column holding row i's maximum.</summary>
    public void Argmax(DenseView x, ArrayView<int> result)
    {
        RequireLength(result, x.Rows, "argmax output");
        if (x.Cols == 0) throw new ArgumentException("argmax: matrix has no columns.", nameof(x));
        if (x.Rows > 0) ArgmaxCore(x, result);
    }

    /// <summary>counts[0] = counted rows whose argmax equals their label, counts[1] = counted rows.</summary>
    public void CountCorrect(DenseView logits, ArrayView<int> labels, ArrayView<int> rowMask, ArrayView<int> counts)
    {
        RequireLength(labels, logits.Rows, "labels");
        RequireLength(rowMask, logits.Rows, "row mask");
        RequireMinLength(counts, 2, "counts");
        if (logits.Cols == 0) throw new ArgumentException("accuracy: logits have no columns.", nameof(logits));
        CountCorrectCore(logits, labels, rowMask, counts);
    }

    /// <summary>Multi-label confusion counts over counted rows, predicting class c when logit &gt; 0 and taking
    /// target &gt; 0.5 as positive: counts[0] = true positives, counts[1] = false positives, counts[2] = false negatives.</summary>
    public void MultiLabelCounts(DenseView logits, DenseView targets, ArrayView<int> rowMask, ArrayView<int> counts)
    {
        RequireShape(targets, logits.Rows, logits.Cols, "targets");
        RequireLength(rowMask, logits.Rows, "row mask");
        RequireMinLength(counts, 3, "counts");
        MultiLabelCountsCore(logits, targets, rowMask, counts);
    }

    /// <summary>result[0] = Σ x.</summary>
    public void Sum(ArrayView<float> x, ArrayView<float> result)
    {
        RequireMinLength(result, 1, "sum output");
        SumCore(x, result);
    }

    // ---- optimizer ---------------------------------------------------------------------------------------------

    /// <summary>One fused Adam step (PyTorch semantics): g' = g + λp; m = β1·m + (1 − β1)·g'; v = β2·v + (1 − β2)·g'²;
    /// p −= (lr / (1 − β1^t))·m / (√v / √(1 − β2^t) + ε).</summary>
    public void AdamStep(ArrayView<float> param, ArrayView<float> grad, ArrayView<float> m, ArrayView<float> v, AdamStepSettings settings)
    {
        settings.Validate();
        RequireLength(grad, param.Length, "adam gradient");
        RequireLength(m, param.Length, "adam first moment");
        RequireLength(v, param.Length, "adam second moment");
        if (param.Length > 0) AdamStepCore(param, grad, m, v, settings);
    }

    // ---- what a backend implements: arguments are already checked and non-empty -------------------------------

#pragma warning disable CS1591 // each core has the contract of the public method of the same name
    protected abstract void MatMulCore(MatMulForm form, DenseView a, DenseView b, DenseView c, int m, int k, int n, bool accumulate);
    protected abstract void AddBiasCore(DenseView y, ArrayView<float> bias);
    protected abstract void BiasBackwardCore(DenseView dY, ArrayView<float> dBias);
    protected abstract void AddCore(ArrayView<float> a, ArrayView<float> b, ArrayView<float> y);
    protected abstract void AxpyCore(float alpha, ArrayView<float> x, ArrayView<float> y);
    protected abstract void LayerNormCore(DenseView x, ArrayView<float> gamma, ArrayView<float> beta, DenseView y, ArrayView<float> mean,
        ArrayView<float> rstd, float eps);
    protected abstract void LayerNormBackwardCore(DenseView x, ArrayView<float> gamma, ArrayView<float> mean, ArrayView<float> rstd,
        DenseView dY, DenseView dX);
    protected abstract void LayerNormAffineBackwardCore(DenseView x, ArrayView<float> mean, ArrayView<float> rstd, DenseView dY,
        ArrayView<float> dGamma, ArrayView<float> dBeta);
    protected abstract void MeanAggregateCore(DeviceCsr a, DenseView x, DenseView y);
    protected abstract void MeanAggregateBackwardCore(DeviceCsr a, DenseView dY, DenseView dX);
    protected abstract void SpmmCore(DeviceCsr a, DenseView x, DenseView y);
    protected abstract void SpmmBackwardCore(DeviceCsr a, DenseView dY, DenseView dX);
    protected abstract void ReluCore(ArrayView<float> x, ArrayView<float> y);
    protected abstract void ReluBackwardCore(ArrayView<float> y, ArrayView<float> dY, ArrayView<float> dX);
    protected abstract void DropoutCore(ArrayView<float> x, ArrayView<float> y, float p, ulong seed);
    protected abstract void DropoutBackwardCore(ArrayView<float> dY, ArrayView<float> dX, float p, ulong seed);
    protected abstract void GatherRowsCore(DenseView src, DeviceIndex rows, DenseView dst);
    protected abstract void ScatterAddRowsCore(DenseView src, DeviceIndex rows, DenseView dst);
    protected abstract void LogSoftmaxCore(DenseView logits, DenseView logProbs);
    protected abstract void LogSoftmaxNllCore(DenseView logits, ArrayView<int> labels, ArrayView<int> rowMask, ArrayView<float> loss);
    protected abstract void LogSoftmaxNllBackwardCore(DenseView logits, ArrayView<int> labels, ArrayView<int> rowMask,
        ArrayView<float> loss, ArrayView<float> dLoss, DenseView dLogits);
    protected abstract void SigmoidBceCore(DenseView logits, DenseView targets, ArrayView<int> rowMask, ArrayView<float> loss);
    protected abstract void SigmoidBceBackwardCore(DenseView logits, DenseView targets, ArrayView<int> rowMask,
        ArrayView<float> loss, ArrayView<float> dLoss, DenseView dLogits);
    protected abstract void ArgmaxCore(DenseView x, ArrayView<int> result);
    protected abstract void CountCorrectCore(DenseView logits, ArrayView<int> labels, ArrayView<int> rowMask, ArrayView<int> counts);
    protected abstract void MultiLabelCountsCore(DenseView logits, DenseView targets, ArrayView<int> rowMask, ArrayView<int> counts);
    protected abstract void SumCore(ArrayView<float> x, ArrayView<float> result);
    protected abstract void AdamStepCore(ArrayView<float> param, ArrayView<float> grad, ArrayView<float> m, ArrayView<float> v,
        AdamStepSettings settings);
#pragma warning restore CS1591

    /// <summary>Releases scratch buffers and compiled kernels; the accelerator itself belongs to the caller.</summary>
    public virtual void Dispose() => GC.SuppressFinalize(this);

    // ---- checks: one line each, naming the operand -------------------------------------------------------------

    private static void RequireShape(DenseView view, int rows, int cols, string operand)
    {
        if (view.Rows != rows || view.Cols != cols)
            throw new ArgumentException($"{operand}: shape {view} but [{rows}, {cols}] expected.", operand);
    }

    private static void RequireLength<T>(ArrayView<T> view, long length, string operand) where T : unmanaged
    {
        if (view.Length != length)
            throw new ArgumentException($"{operand}: length {view.Length} but {length} expected.", operand);
    }

    private static void RequireMinLength<T>(ArrayView<T> view, long length, string operand) where T : unmanaged
    {
        if (view.Length < length)
            throw new ArgumentException($"{operand}: length {view.Length} but at least {length} needed.", operand);
    }

    // A row of no columns has no mean to normalise by.
    // The operands every layer-norm op shares: rows to normalise, and one mean and one rstd per row.
    private static void RequireLayerNormRows(DenseView x, ArrayView<float> mean, ArrayView<float> rstd)
    {
        const string operand = "layer norm input x";
        if (x.Cols == 0) throw new ArgumentException($"{operand}: shape {x} has no columns to normalise over.", operand);
        RequireLength(mean, x.Rows, "layer norm mean");
        RequireLength(rstd, x.Rows, "layer norm rstd");
    }

    private static void RequireTranspose(DeviceCsr a)
    {
        if (!a.HasTranspose)
            throw new ArgumentException("sparse matrix: built without its transpose, which backward passes need.", nameof(a));
    }

    private static void RequireValues(DeviceCsr a)
    {
        if (!a.HasValues)
            throw new ArgumentException("sparse matrix: has no values; weighted SpMM needs them.", nameof(a));
    }

    private static void RequireBound(DeviceIndex rows, int matrixRows, string operand)
    {
        if (rows.Bound > matrixRows)
            throw new ArgumentException($"{operand}: ids may reach {rows.Bound - 1} but the matrix has {matrixRows} rows.", operand);
    }

    private static void RequireProbability(float p)
    {
        if (!(p >= 0f && p < 1f)) // written so that NaN fails too
            throw new ArgumentOutOfRangeException(nameof(p), $"dropout probability must be in [0, 1) (got {p}).");
    }
}
