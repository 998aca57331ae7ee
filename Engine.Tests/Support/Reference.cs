using ClusterGcn.Engine.Kernels;
using ClusterGcn.Engine.Partitioning.Randomness;

namespace ClusterGcn.Engine.Tests.Support;

/// <summary>The oracle: every op of <see cref="KernelBackend"/> as the obviously-right float64 loop, one method per op.</summary>
/// <remarks>
/// Speed and cleverness are not goals here; a reader should be able to check each method against the contract
/// line by line. Matrices are row-major <c>double[]</c> with their shape passed alongside; sparse matrices are
/// <see cref="HostCsr"/>s (a <c>CsrGraph</c> converts implicitly). Every method returns new arrays and leaves its
/// inputs alone, except <see cref="AdamStep"/>, which updates its state in place like the kernel.
/// </remarks>
public static class Reference
{
    // ---- inputs ------------------------------------------------------------------------------------------------

    /// <summary><paramref name="n"/> numbers uniform in [lo, hi) from <see cref="SplitMix64"/> (never System.Random,
    /// whose sequence for a seed is not promised across .NET versions).</summary>
    public static double[] Uniform(int n, ulong seed, double lo = -1, double hi = 1)
    {
        var rng = new SplitMix64(seed);
        var result = new double[n];
        for (int i = 0; i < n; i++) result[i] = lo + (hi - lo) * rng.NextDouble();
        return result;
    }

    /// <summary>Each element rounded to the nearest float, so the oracle reads exactly the inputs a float32 kernel reads
    /// and a comparison measures the kernel's arithmetic alone.</summary>
    public static double[] Float32(double[] x) => Array.ConvertAll(x, v => (double)(float)v);

    /// <summary>Σ a[i]·b[i]: projects an op's output to the scalar a gradient check differentiates.</summary>
    public static double Dot(double[] a, double[] b)
    {
        if (a.Length != b.Length) throw new ArgumentException($"dot: lengths {a.Length} and {b.Length} differ.", nameof(b));
        double sum = 0;
        for (int i = 0; i < a.Length; i++) sum += a[i] * b[i];
        return sum;
    }

    // ---- dense -------------------------------------------------------------------------------------------------

    /// <summary>C (m × n) = op(A)·op(B): A is m × k (k × m for AtB), B is k × n (n × k for ABt).</summary>
    public static double[] MatMul(MatMulForm form, double[] a, double[] b, int m, int k, int n)
    {
        var c = new double[m * n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double sum = 0;
                for (int p = 0; p < k; p++)
                {
                    double aip = form == MatMulForm.AtB ? a[p * m + i] : a[i * k + p];
                    double bpj = form == MatMulForm.ABt ? b[j * k + p] : b[p * n + j];
                    sum += aip * bpj;
                }
                c[i * n + j] = sum;
            }
        return c;
    }

    /// <summary>y[i, j] + bias[j].</summary>
    public static double[] AddBias(double[] y, double[] bias, int rows, int cols)
    {
        var result = new double[rows * cols];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++)
                result[i * cols + j] = y[i * cols + j] + bias[j];
        return result;
    }

    /// <summary>Column sums Σ_i dY[i, j]: the bias gradient.</summary>
    public static double[] BiasBackward(double[] dY, int rows, int cols)
    {
        var result = new double[cols];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++)
                result[j] += dY[i * cols + j];
        return result;
    }

    /// <summary>a + b elementwise.</summary>
    public static double[] Add(double[] a, double[] b)
    {
        var result = new double[a.Length];
        for (int i = 0; i < a.Length; i++) result[i] = a[i] + b[i];
        return result;
    }

    /// <summary>y + alpha·x elementwise.</summary>
    public static double[] Axpy(double alpha, double[] x, double[] y)
    {
        var result = new double[x.Length];
        for (int i = 0; i < x.Length; i++) result[i] = y[i] + alpha * x[i];
        return result;
    }

    // ---- normalisation -----------------------------------------------------------------------------------------

    /// <summary>Layer norm of each row: y = (x − μ)/√(σ² + eps)·gamma + beta with σ² the biased variance (divided by
    /// C), plus μ and rstd = 1/√(σ² + eps) per row.</summary>
    public static (double[] Y, double[] Mean, double[] Rstd) LayerNorm(double[] x, double[] gamma, double[] beta, int rows, int cols, double eps)
    {
        var (y, mean, rstd) = (new double[rows * cols], new double[rows], new double[rows]);
        for (int i = 0; i < rows; i++)
        {
            double mu = 0, variance = 0;
            for (int j = 0; j < cols; j++) mu += x[i * cols + j] / cols;
            for (int j = 0; j < cols; j++) variance += (x[i * cols + j] - mu) * (x[i * cols + j] - mu) / cols;
            (mean[i], rstd[i]) = (mu, 1 / Math.Sqrt(variance + eps));
            for (int j = 0; j < cols; j++) y[i * cols + j] = (x[i * cols + j] - mu) * rstd[i] * gamma[j] + beta[j];
        }
        return (y, mean, rstd);
    }

    // ---- sparse ------------------------------------------------------------------------------------------------

    /// <summary>y[i] = (1 / deg i)·Σ_{j ∈ N(i)} x[j]; a row without entries gives 0. x is a.Cols × cols.</summary>
    public static double[] MeanAggregate(HostCsr a, double[] x, int cols)
    {
        var y = new double[a.Rows * cols];
        for (int i = 0; i < a.Rows; i++)
        {
            int degree = a.RowPtr[i + 1] - a.RowPtr[i];
            if (degree == 0) continue;
            for (int e = a.RowPtr[i]; e < a.RowPtr[i + 1]; e++)
                for (int f = 0; f < cols; f++)
                    y[i * cols + f] += x[a.ColIdx[e] * cols + f] / degree;
        }
        return y;
    }

    /// <summary>dX[j] = Σ_{i : j ∈ N(i)} dY[i] / deg i, written as a scatter over the rows of A (the kernels gather
    /// over the transpose, so the two are independent derivations). dX is a.Cols × cols.</summary>
    public static double[] MeanAggregateBackward(HostCsr a, double[] dY, int cols)
    {
        var dX = new double[a.Cols * cols];
        for (int i = 0; i < a.Rows; i++)
        {
            int degree = a.RowPtr[i + 1] - a.RowPtr[i];
            for (int e = a.RowPtr[i]; e < a.RowPtr[i + 1]; e++)
                for (int f = 0; f < cols; f++)
                    dX[a.ColIdx[e] * cols + f] += dY[i * cols + f] / degree;
        }
        return dX;
    }

    /// <summary>y[i] = Σ_e value[e]·x[col e] over the entries of row i. Needs <see cref="HostCsr.Values"/>.</summary>
    public static double[] Spmm(HostCsr a, double[] x, int cols)
    {
        double[] values = a.RequireValues();
        var y = new double[a.Rows * cols];
        for (int i = 0; i < a.Rows; i++)
            for (int e = a.RowPtr[i]; e < a.RowPtr[i + 1]; e++)
                for (int f = 0; f < cols; f++)
                    y[i * cols + f] += values[e] * x[a.ColIdx[e] * cols + f];
        return y;
    }

    /// <summary>dX = Aᵀ·dY, scattered over the rows of A. dX is a.Cols × cols.</summary>
    public static double[] SpmmBackward(HostCsr a, double[] dY, int cols)
    {
        double[] values = a.RequireValues();
        var dX = new double[a.Cols * cols];
        for (int i = 0; i < a.Rows; i++)
            for (int e = a.RowPtr[i]; e < a.RowPtr[i + 1]; e++)
                for (int f = 0; f < cols; f++)
                    dX[a.ColIdx[e] * cols + f] += values[e] * dY[i * cols + f];
        return dX;
    }

    // ---- elementwise -------------------------------------------------------------------------------------------

    /// <summary>max(x, 0).</summary>
    public static double[] Relu(double[] x) => Array.ConvertAll(x, v => Math.Max(v, 0));

    /// <summary>Whether dropout keeps element i: <c>SplitMix64.UniformAt(seed, i) ≥ p</c>, compared in float like the kernels.</summary>
    public static bool[] DropoutMask(int n, float p, ulong seed)
    {
        var keep = new bool[n];
        for (int i = 0; i < n; i++) keep[i] = SplitMix64.UniformAt(seed, i) >= p;
        return keep;
    }

    /// <summary>x[i] / (1 − p) where the mask keeps i, else 0.</summary>
    public static double[] Dropout(double[] x, float p, ulong seed)
    {
        bool[] keep = DropoutMask(x.Length, p, seed);
        var y = new double[x.Length];
        for (int i = 0; i < x.Length; i++) y[i] = keep[i] ? x[i] / (1.0 - p) : 0;
        return y;
    }

    // ---- rows --------------------------------------------------------------------------------------------------

    /// <summary>dst[i] = src[rows[i]] for a src of width <paramref name="cols"/>.</summary>
    public static double[] GatherRows(double[] src, int cols, int[] rows)
    {
        var dst = new double[rows.Length * cols];
        for (int i = 0; i < rows.Length; i++)
            Array.Copy(src, rows[i] * cols, dst, i * cols, cols);
        return dst;
    }

    /// <summary>dst + scatter: dst[rows[i]] += src[i], on a copy of <paramref name="dst"/>.</summary>
    public static double[] ScatterAddRows(double[] src, int cols, int[] rows, double[] dst)
    {
        var result = (double[])dst.Clone();
        for (int i = 0; i < rows.Length; i++)
            for (int f = 0; f < cols; f++)
                result[rows[i] * cols + f] += src[i * cols + f];
        return result;
    }

    // ---- losses ------------------------------------------------------------------------------------------------

    /// <summary>logits[i] − log Σ_c exp(logits[i, c]), with the row maximum subtracted first.</summary>
    public static double[] LogSoftmax(double[] logits, int rows, int cols)
    {
        var result = new double[rows * cols];
        for (int i = 0; i < rows; i++)
        {
            double max = double.NegativeInfinity;
            for (int c = 0; c < cols; c++) max = Math.Max(max, logits[i * cols + c]);
            double sum = 0;
            for (int c = 0; c < cols; c++) sum += Math.Exp(logits[i * cols + c] - max);
            double logSum = max + Math.Log(sum);
            for (int c = 0; c < cols; c++) result[i * cols + c] = logits[i * cols + c] - logSum;
        }
        return result;
    }

    /// <summary>Whether a single-label row counts: its mask is non-zero and its label lies in [0, classes).</summary>
    public static bool Counts(int[] labels, int[] rowMask, int row, int classes) =>
        rowMask[row] != 0 && labels[row] >= 0 && labels[row] < classes;

    /// <summary>Mean over counted rows of −log softmax(logits[i])[labels[i]], and the counted-row count; 0 rows give loss 0.</summary>
    public static (double Loss, int Counted) LogSoftmaxNll(double[] logits, int rows, int cols, int[] labels, int[] rowMask)
    {
        double[] logProbs = LogSoftmax(logits, rows, cols);
        double total = 0;
        int counted = 0;
        for (int i = 0; i < rows; i++)
        {
            if (!Counts(labels, rowMask, i, cols)) continue;
            total -= logProbs[i * cols + labels[i]];
            counted++;
        }
        return (counted == 0 ? 0 : total / counted, counted);
    }

    /// <summary>Mean over counted rows (mask non-zero) and all classes of −(t·log σ(x) + (1 − t)·log(1 − σ(x))),
    /// in the stable form log σ(x) = −softplus(−x), log(1 − σ(x)) = −softplus(x); and the counted-row count.</summary>
    public static (double Loss, int Counted) SigmoidBce(double[] logits, double[] targets, int rows, int cols, int[] rowMask)
    {
        double total = 0;
        int counted = 0;
        for (int i = 0; i < rows; i++)
        {
            if (rowMask[i] == 0) continue;
            counted++;
            for (int c = 0; c < cols; c++)
            {
                double x = logits[i * cols + c], t = targets[i * cols + c];
                total += t * Softplus(-x) + (1 - t) * Softplus(x);
            }
        }
        return (counted == 0 ? 0 : total / ((double)counted * cols), counted);
    }

    /// <summary>log(1 + eˣ) without overflow.</summary>
    public static double Softplus(double x) => Math.Max(x, 0) + Math.Log(1 + Math.Exp(-Math.Abs(x)));

    // ---- metrics and reductions --------------------------------------------------------------------------------

    /// <summary>The first column holding each row's maximum.</summary>
    public static int[] Argmax(double[] x, int rows, int cols)
    {
        var result = new int[rows];
        for (int i = 0; i < rows; i++)
        {
            int best = 0;
            for (int c = 1; c < cols; c++)
                if (x[i * cols + c] > x[i * cols + best]) best = c; // strict: a tie keeps the earlier column
            result[i] = best;
        }
        return result;
    }

    /// <summary>Counted rows whose argmax equals their label, and the counted rows (rule of <see cref="Counts"/>).</summary>
    public static (int Correct, int Counted) CountCorrect(double[] logits, int rows, int cols, int[] labels, int[] rowMask)
    {
        int[] predicted = Argmax(logits, rows, cols);
        int correct = 0, counted = 0;
        for (int i = 0; i < rows; i++)
        {
            if (!Counts(labels, rowMask, i, cols)) continue;
            counted++;
            if (predicted[i] == labels[i]) correct++;
        }
        return (correct, counted);
    }

    /// <summary>Over rows with a non-zero mask: predicted positive when logit &gt; 0, actually positive when target &gt; 0.5.</summary>
    public static (int TruePositives, int FalsePositives, int FalseNegatives) MultiLabelCounts(
        double[] logits, double[] targets, int rows, int cols, int[] rowMask)
    {
        int tp = 0, fp = 0, fn = 0;
        for (int i = 0; i < rows; i++)
        {
            if (rowMask[i] == 0) continue;
            for (int c = 0; c < cols; c++)
            {
                bool predicted = logits[i * cols + c] > 0, actual = targets[i * cols + c] > 0.5;
                if (predicted && actual) tp++;
                else if (predicted) fp++;
                else if (actual) fn++;
            }
        }
        return (tp, fp, fn);
    }

    /// <summary>Σ x.</summary>
    public static double Sum(double[] x)
    {
        double sum = 0;
        foreach (double v in x) sum += v;
        return sum;
    }

    // ---- optimizer ---------------------------------------------------------------------------------------------

    /// <summary>One Adam step with PyTorch's formula, in place: g' = g + λp; m = β1·m + (1 − β1)·g';
    /// v = β2·v + (1 − β2)·g'²; p −= (lr / (1 − β1^t))·m / (√v / √(1 − β2^t) + ε).</summary>
    public static void AdamStep(double[] param, double[] grad, double[] m, double[] v, AdamStepSettings s)
    {
        double beta1 = s.Beta1, beta2 = s.Beta2;
        double correction1 = 1 - Math.Pow(beta1, s.Step), correction2 = 1 - Math.Pow(beta2, s.Step);
        for (int i = 0; i < param.Length; i++)
        {
            double g = grad[i] + s.WeightDecay * param[i];
            m[i] = beta1 * m[i] + (1 - beta1) * g;
            v[i] = beta2 * v[i] + (1 - beta2) * g * g;
            param[i] -= s.LearningRate / correction1 * m[i] / (Math.Sqrt(v[i]) / Math.Sqrt(correction2) + s.Epsilon);
        }
    }
}
