using ILGPU;
using ILGPU.Runtime;

namespace ClusterGcn.Engine.Kernels.Ilgpu.Normalization;

/// <summary>A layer-norm kernel's four views (which is which: see each launcher), as floats and, when the host chose
/// quads, as <see cref="Float4"/>s; the kernel reads only the chosen form. Matrix and Other are [rows, C] matrices;
/// First and Second are C-vectors, except that the input gradient's Second is the dX matrix.</summary>
internal readonly struct NormViews(ArrayView<float> matrix, ArrayView<float> other, ArrayView<float> first, ArrayView<float> second, bool quads)
{
    public readonly ArrayView<float> Matrix = matrix, Other = other, First = first, Second = second;
    public readonly ArrayView<Float4> Matrix4 = Quads.Of(matrix, quads), Other4 = Quads.Of(other, quads),
        First4 = Quads.Of(first, quads), Second4 = Quads.Of(second, quads);
}

/// <summary>Layer normalisation over rows, its input gradient and its gamma/beta gradient. The forward and the input
/// gradient take one item per row (a row's statistics stay in one thread, as in log-softmax); the gamma/beta gradient
/// takes one item per column (or quad of columns) and sums down the rows in a fixed order (no atomics, as the bias
/// gradient), so every result is the same bit for bit from run to run.</summary>
/// <remarks>When C is a multiple of 4 and every view starts on a 16-byte boundary, rows are read as quads: a quarter of
/// the view accesses, each of which pays a bounds check on the CPU accelerator (ilgpu-notes §4); on GPUs one vector
/// load. Each loop below has a quad form and a float form of the same arithmetic.</remarks>
internal sealed class LayerNormKernels
{
    private readonly Accelerator accelerator;
    private readonly Action<KernelConfig, Partition, NormViews, ArrayView<float>, ArrayView<float>, int, int, float> forward;
    private readonly Action<KernelConfig, Partition, NormViews, ArrayView<float>, ArrayView<float>, int, int> backward;
    private readonly Action<KernelConfig, Partition, NormViews, ArrayView<float>, ArrayView<float>, int, int, int> affineBackward;

    public LayerNormKernels(Accelerator accelerator)
    {
        this.accelerator = accelerator;
        forward = accelerator.LoadStreamKernel<Partition, NormViews, ArrayView<float>, ArrayView<float>, int, int, float>(ForwardKernel);
        backward = accelerator.LoadStreamKernel<Partition, NormViews, ArrayView<float>, ArrayView<float>, int, int>(BackwardKernel);
        affineBackward = accelerator.LoadStreamKernel<Partition, NormViews, ArrayView<float>, ArrayView<float>, int, int, int>(AffineBackwardKernel);
    }

    /// <summary>x = Matrix, y = Other, gamma = First, beta = Second.</summary>
    public void Forward(DenseView x, ArrayView<float> gamma, ArrayView<float> beta, DenseView y, ArrayView<float> mean, ArrayView<float> rstd, float eps)
    {
        int width = Width(x.Cols, x.Data, y.Data, gamma, beta);
        var launch = LaunchPolicy.For(accelerator, x.Rows);
        forward(launch.Config, launch.Work, new NormViews(x.Data, y.Data, gamma, beta, width == 4), mean, rstd, x.Cols, width, eps);
    }

    /// <summary>x = Matrix, dY = Other, gamma = First, dX = Second.</summary>
    public void Backward(DenseView x, ArrayView<float> gamma, ArrayView<float> mean, ArrayView<float> rstd, DenseView dY, DenseView dX)
    {
        int width = Width(x.Cols, x.Data, dY.Data, gamma, dX.Data);
        var launch = LaunchPolicy.For(accelerator, x.Rows);
        backward(launch.Config, launch.Work, new NormViews(x.Data, dY.Data, gamma, dX.Data, width == 4), mean, rstd, x.Cols, width);
    }

    /// <summary>x = Matrix, dY = Other, dGamma = First, dBeta = Second.</summary>
    public void AffineBackward(DenseView x, ArrayView<float> mean, ArrayView<float> rstd, DenseView dY, ArrayView<float> dGamma, ArrayView<float> dBeta)
    {
        int width = Width(x.Cols, x.Data, dY.Data, dGamma, dBeta);
        var launch = LaunchPolicy.For(accelerator, x.Cols / width);
        affineBackward(launch.Config, launch.Work, new NormViews(x.Data, dY.Data, dGamma, dBeta, width == 4), mean, rstd, x.Rows, x.Cols / width, width);
    }

    private static int Width(int cols, params ReadOnlySpan<ArrayView<float>> views) => cols % 4 == 0 && Quads.Fit(views) ? 4 : 1;

    // Two passes over the row: the deviations are taken from a finished mean, so no large sums cancel; their own sum
    // then corrects that mean's rounding (the corrected two-pass algorithm). perRow counts accesses of the width.
    [KernelEntry]
    internal static void ForwardKernel(Partition work, NormViews v, ArrayView<float> mean, ArrayView<float> rstd, int cols, int width, float eps)
    {
        var range = work.ForThisThread();
        int perRow = cols / width;
        for (long row = range.Start; row < range.End; row += range.Step)
        {
            long offset = row * perRow;
            float rough = (width == 4 ? SumQuads(v.Matrix4, offset, perRow) : Sum(v.Matrix, offset, perRow)) / cols;
            var deviations = width == 4 ? DeviationsQuads(v.Matrix4, offset, perRow, rough) : Deviations(v.Matrix, offset, perRow, rough);
            float shift = deviations.X / cols;
            float r = 1f / MathF.Sqrt(Math.Max(deviations.Y - deviations.X * shift, 0f) / cols + eps);
            mean[row] = rough + shift;
            rstd[row] = r;
            if (width == 4) NormalizeQuads(v, offset, perRow, rough, shift, r);
            else Normalize(v, offset, perRow, rough, shift, r);
        }
    }

    // dX[i] += rstd·(g − mean(g) − x̂·mean(g·x̂)), g = dY[i]·gamma: one pass for the two means, one to add.
    [KernelEntry]
    internal static void BackwardKernel(Partition work, NormViews v, ArrayView<float> mean, ArrayView<float> rstd, int cols, int width)
    {
        var range = work.ForThisThread();
        int perRow = cols / width;
        for (long row = range.Start; row < range.End; row += range.Step)
        {
            long offset = row * perRow;
            float mu = mean[row], r = rstd[row];
            var sums = width == 4 ? GradientSumsQuads(v, offset, perRow, mu, r) : GradientSums(v, offset, perRow, mu, r);
            float c1 = r * sums.X / cols, c2 = r * sums.Y / cols;
            if (width == 4) AddGradientQuads(v, offset, perRow, mu, r, c1, c2);
            else AddGradient(v, offset, perRow, mu, r, c1, c2);
        }
    }

    // Each loop's quad and float forms are separate methods: with the Float4 temporaries of both in one method, the JIT
    // kept them in memory and the quad form of the backward took twice the CPU time of the float form.

    private static float SumQuads(ArrayView<Float4> x, long offset, int perRow)
    {
        float sum = 0f;
        for (int k = 0; k < perRow; k++) sum += x[offset + k].Sum();
        return sum;
    }

    private static float Sum(ArrayView<float> x, long offset, int perRow)
    {
        float sum = 0f;
        for (int k = 0; k < perRow; k++) sum += x[offset + k];
        return sum;
    }

    // X: Σ (x − rough), Y: Σ (x − rough)².
    private static Float2 DeviationsQuads(ArrayView<Float4> x, long offset, int perRow, float rough)
    {
        float sum = 0f, squares = 0f;
        for (int k = 0; k < perRow; k++)
        {
            var d = x[offset + k] - rough;
            sum += d.Sum();
            squares += (d * d).Sum();
        }
        return new Float2 { X = sum, Y = squares };
    }

    private static Float2 Deviations(ArrayView<float> x, long offset, int perRow, float rough)
    {
        float sum = 0f, squares = 0f;
        for (int k = 0; k < perRow; k++)
        {
            float d = x[offset + k] - rough;
            sum += d;
            squares += d * d;
        }
        return new Float2 { X = sum, Y = squares };
    }

    // x − rough is exact for x near the mean and shift is small: the centred value keeps the precision a rounded
    // mean would lose on rows far from zero.
    private static void NormalizeQuads(NormViews v, long offset, int perRow, float rough, float shift, float r)
    {
        for (int k = 0; k < perRow; k++) v.Other4[offset + k] = r * (v.Matrix4[offset + k] - rough - shift) * v.First4[k] + v.Second4[k];
    }

    private static void Normalize(NormViews v, long offset, int perRow, float rough, float shift, float r)
    {
        for (int k = 0; k < perRow; k++) v.Other[offset + k] = r * (v.Matrix[offset + k] - rough - shift) * v.First[k] + v.Second[k];
    }

    // X: Σ g, Y: Σ g·x̂.
    private static Float2 GradientSumsQuads(NormViews v, long offset, int perRow, float mu, float r)
    {
        float sumG = 0f, sumGx = 0f;
        for (int k = 0; k < perRow; k++)
        {
            var g = v.Other4[offset + k] * v.First4[k];
            sumG += g.Sum();
            sumGx += (g * (r * (v.Matrix4[offset + k] - mu))).Sum();
        }
        return new Float2 { X = sumG, Y = sumGx };
    }

    private static Float2 GradientSums(NormViews v, long offset, int perRow, float mu, float r)
    {
        float sumG = 0f, sumGx = 0f;
        for (int k = 0; k < perRow; k++)
        {
            float g = v.Other[offset + k] * v.First[k];
            sumG += g;
            sumGx += g * (r * (v.Matrix[offset + k] - mu));
        }
        return new Float2 { X = sumG, Y = sumGx };
    }

    private static void AddGradientQuads(NormViews v, long offset, int perRow, float mu, float r, float c1, float c2)
    {
        for (int k = 0; k < perRow; k++)
        {
            var g = v.Other4[offset + k] * v.First4[k];
            var xhat = r * (v.Matrix4[offset + k] - mu);
            v.Second4[offset + k] = v.Second4[offset + k] + (r * g - c2 * xhat - c1);
        }
    }

    private static void AddGradient(NormViews v, long offset, int perRow, float mu, float r, float c1, float c2)
    {
        for (int k = 0; k < perRow; k++)
        {
            float g = v.Other[offset + k] * v.First[k], xhat = r * (v.Matrix[offset + k] - mu);
            v.Second[offset + k] += r * g - c2 * xhat - c1;
        }
    }

    // One item per column (or quad of columns), summing down the rows: neighbouring GPU threads read neighbouring
    // columns of each row.
    [KernelEntry]
    internal static void AffineBackwardKernel(Partition work, NormViews v, ArrayView<float> mean, ArrayView<float> rstd, int rows, int perRow, int width)
    {
        var range = work.ForThisThread();
        for (long k = range.Start; k < range.End; k += range.Step)
        {
            if (width == 4)
            {
                Float4 sumGamma = default, sumBeta = default;
                for (int i = 0; i < rows; i++)
                {
                    long at = i * (long)perRow + k;
                    var dy = v.Other4[at];
                    sumGamma = sumGamma + dy * (rstd[i] * (v.Matrix4[at] - mean[i]));
                    sumBeta = sumBeta + dy;
                }
                v.First4[k] = v.First4[k] + sumGamma;
                v.Second4[k] = v.Second4[k] + sumBeta;
            }
            else
            {
                float sumGamma = 0f, sumBeta = 0f;
                for (int i = 0; i < rows; i++)
                {
                    long at = i * (long)perRow + k;
                    float dy = v.Other[at];
                    sumGamma += dy * (rstd[i] * (v.Matrix[at] - mean[i]));
                    sumBeta += dy;
                }
                v.First[k] += sumGamma;
                v.Second[k] += sumBeta;
            }
        }
    }
}
