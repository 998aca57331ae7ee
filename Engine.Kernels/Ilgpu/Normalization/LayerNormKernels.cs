using ILGPU;
using ILGPU.Runtime;

namespace ClusterGcn.Engine.Kernels.Ilgpu.Normalization;

/// <summary>Layer normalisation over rows, its input gradient and its gamma/beta gradient. The forward and the input
/// gradient take one item per row (a row's statistics stay in one thread, as in log-softmax); the gamma/beta gradient
/// takes one item per column and sums down the rows in a fixed order (no atomics, as the bias gradient), so every
/// result is the same bit for bit from run to run.</summary>
internal sealed class LayerNormKernels
{
    private readonly Accelerator accelerator;
    private readonly Action<KernelConfig, Partition, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>,
        ArrayView<float>, int, float> forward;
    private readonly Action<KernelConfig, Partition, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>,
        ArrayView<float>, int> backward;
    private readonly Action<KernelConfig, Partition, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>,
        ArrayView<float>, int, int> affineBackward;

    public LayerNormKernels(Accelerator accelerator)
    {
        this.accelerator = accelerator;
        forward = accelerator.LoadStreamKernel<Partition, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>,
            ArrayView<float>, int, float>(ForwardKernel);
        backward = accelerator.LoadStreamKernel<Partition, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>,
            ArrayView<float>, int>(BackwardKernel);
        affineBackward = accelerator.LoadStreamKernel<Partition, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>,
            ArrayView<float>, ArrayView<float>, int, int>(AffineBackwardKernel);
    }

    public void Forward(DenseView x, ArrayView<float> gamma, ArrayView<float> beta, DenseView y, ArrayView<float> mean, ArrayView<float> rstd, float eps)
    {
        var launch = LaunchPolicy.For(accelerator, x.Rows);
        forward(launch.Config, launch.Work, x.Data, gamma, beta, y.Data, mean, rstd, x.Cols, eps);
    }

    public void Backward(DenseView x, ArrayView<float> gamma, ArrayView<float> mean, ArrayView<float> rstd, DenseView dY, DenseView dX)
    {
        var launch = LaunchPolicy.For(accelerator, x.Rows);
        backward(launch.Config, launch.Work, x.Data, gamma, mean, rstd, dY.Data, dX.Data, x.Cols);
    }

    public void AffineBackward(DenseView x, ArrayView<float> mean, ArrayView<float> rstd, DenseView dY, ArrayView<float> dGamma, ArrayView<float> dBeta)
    {
        var launch = LaunchPolicy.For(accelerator, x.Cols);
        affineBackward(launch.Config, launch.Work, x.Data, mean, rstd, dY.Data, dGamma, dBeta, x.Rows, x.Cols);
    }

    // Two passes over the row: the deviations are taken from a finished mean, so no large sums cancel; their own sum
    // then corrects that mean's rounding (the corrected two-pass algorithm).
    [KernelEntry]
    internal static void ForwardKernel(Partition work, ArrayView<float> x, ArrayView<float> gamma, ArrayView<float> beta, ArrayView<float> y,
        ArrayView<float> mean, ArrayView<float> rstd, int cols, float eps)
    {
        var range = work.ForThisThread();
        for (long row = range.Start; row < range.End; row += range.Step)
        {
            long offset = row * cols;
            float sum = 0f;
            for (int c = 0; c < cols; c++) sum += x[offset + c];
            float rough = sum / cols, deviations = 0f, squares = 0f;
            for (int c = 0; c < cols; c++)
            {
                float d = x[offset + c] - rough;
                deviations += d;
                squares += d * d;
            }
            float shift = deviations / cols;
            float r = 1f / MathF.Sqrt(Math.Max(squares - deviations * shift, 0f) / cols + eps);
            mean[row] = rough + shift;
            rstd[row] = r;
            // x − rough is exact for x near the mean and shift is small: the centred value keeps the precision a
            // rounded mean would lose on rows far from zero.
            for (int c = 0; c < cols; c++) y[offset + c] = (x[offset + c] - rough - shift) * r * gamma[c] + beta[c];
        }
    }

    // dX[i] += rstd·(g − mean(g) − x̂·mean(g·x̂)), g = dY[i]·gamma: one pass for the two means, one to add.
    [KernelEntry]
    internal static void BackwardKernel(Partition work, ArrayView<float> x, ArrayView<float> gamma, ArrayView<float> mean, ArrayView<float> rstd,
        ArrayView<float> dY, ArrayView<float> dX, int cols)
    {
        var range = work.ForThisThread();
        for (long row = range.Start; row < range.End; row += range.Step)
        {
            long offset = row * cols;
            float mu = mean[row], r = rstd[row], sumG = 0f, sumGx = 0f;
            for (int c = 0; c < cols; c++)
            {
                float g = dY[offset + c] * gamma[c];
                sumG += g;
                sumGx += g * ((x[offset + c] - mu) * r);
            }
            float c1 = r * sumG / cols, c2 = r * sumGx / cols;
            for (int c = 0; c < cols; c++)
            {
                float g = dY[offset + c] * gamma[c], xhat = (x[offset + c] - mu) * r;
                dX[offset + c] += g * r - (xhat * c2 + c1);
            }
        }
    }

    // One item per column, summing down the rows: neighbouring GPU threads read neighbouring columns of each row.
    [KernelEntry]
    internal static void AffineBackwardKernel(Partition work, ArrayView<float> x, ArrayView<float> mean, ArrayView<float> rstd, ArrayView<float> dY,
        ArrayView<float> dGamma, ArrayView<float> dBeta, int rows, int cols)
    {
        var range = work.ForThisThread();
        for (long col = range.Start; col < range.End; col += range.Step)
        {
            float sumGamma = 0f, sumBeta = 0f;
            for (int i = 0; i < rows; i++)
            {
                long at = i * (long)cols + col;
                float dy = dY[at];
                sumGamma += dy * ((x[at] - mean[i]) * rstd[i]);
                sumBeta += dy;
            }
            dGamma[col] += sumGamma;
            dBeta[col] += sumBeta;
        }
    }
}
