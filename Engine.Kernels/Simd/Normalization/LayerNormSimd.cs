using ClusterGcn.Engine.Kernels.Simd.Reduction;

namespace ClusterGcn.Engine.Kernels.Simd.Normalization;

/// <summary>Layer normalisation over rows and its gradients. The forward and the input gradient run row by row, the
/// gamma/beta gradient over column strips summed down all rows (as the bias gradient): each output element is
/// computed by one task in a fixed order, so results do not depend on the core count.</summary>
/// <remarks>Each helper takes a start column and returns where it stopped: called with the vector width, then with
/// <see cref="Lanes1"/> for the columns past the last whole vector, so the tail runs the same formula.</remarks>
internal static unsafe class LayerNormSimd
{
    public static void Forward<TVec>(float* x, float* gamma, float* beta, float* y, float* mean, float* rstd, int rows, int cols, float eps)
        where TVec : struct, ILanes<TVec> =>
        Chunks.For(rows, Chunks.Balanced(rows, 3L * cols), (start, end) =>
        {
            for (long i = start; i < end; i++)
            {
                float* xi = x + i * cols, yi = y + i * cols;
                // Two passes: the deviations are taken from a finished mean, so no large sums cancel; their own sum
                // then corrects that mean's rounding (the corrected two-pass algorithm).
                float rough = SumSimd.Span<TVec>(xi, cols) / cols, deviations = 0f, squares = 0f;
                Deviations<Lanes1>(xi, rough, Deviations<TVec>(xi, rough, 0, cols, ref deviations, ref squares), cols, ref deviations, ref squares);
                float shift = deviations / cols;
                float r = 1f / MathF.Sqrt(Math.Max(squares - deviations * shift, 0f) / cols + eps);
                (mean[i], rstd[i]) = (rough + shift, r);
                Normalize<Lanes1>(xi, gamma, beta, yi, rough, shift, r, Normalize<TVec>(xi, gamma, beta, yi, rough, shift, r, 0, cols), cols);
            }
        });

    /// <summary>dX[i] += rstd·(g − mean(g) − x̂·mean(g·x̂)) with g = dY[i]·gamma: one pass for the two means, one to add.</summary>
    public static void Backward<TVec>(float* x, float* gamma, float* mean, float* rstd, float* dY, float* dX, int rows, int cols)
        where TVec : struct, ILanes<TVec> =>
        Chunks.For(rows, Chunks.Balanced(rows, 5L * cols), (start, end) =>
        {
            for (long i = start; i < end; i++)
            {
                long offset = i * cols;
                float* xi = x + offset, dyi = dY + offset, dxi = dX + offset;
                float mu = mean[i], r = rstd[i], sumG = 0f, sumGx = 0f;
                GradientSums<Lanes1>(xi, dyi, gamma, mu, r, GradientSums<TVec>(xi, dyi, gamma, mu, r, 0, cols, ref sumG, ref sumGx),
                    cols, ref sumG, ref sumGx);
                // rstd·(g − a/C − x̂·b/C) = rstd·g − (c1 + x̂·c2)
                float c1 = r * sumG / cols, c2 = r * sumGx / cols;
                AddGradient<Lanes1>(xi, dyi, gamma, dxi, mu, r, c1, c2,
                    AddGradient<TVec>(xi, dyi, gamma, dxi, mu, r, c1, c2, 0, cols), cols);
            }
        });

    /// <summary>dGamma[j] += Σᵢ dY[i, j]·x̂[i, j], dBeta[j] += Σᵢ dY[i, j]: one task per strip of columns, down all rows,
    /// so the order of each sum is fixed and no partial sums need storing.</summary>
    public static void AffineBackward<TVec>(float* x, float* mean, float* rstd, float* dY, float* dGamma, float* dBeta, int rows, int cols)
        where TVec : struct, ILanes<TVec>
    {
        int strips = (cols + TVec.Count - 1) / TVec.Count;
        Chunks.For(strips, Chunks.Balanced(strips, 3L * rows * TVec.Count), (start, end) =>
        {
            for (long s = start; s < end; s++)
            {
                int j = (int)s * TVec.Count;
                if (j + TVec.Count <= cols) Strip<TVec>(x + j, mean, rstd, dY + j, dGamma + j, dBeta + j, rows, cols);
                else for (; j < cols; j++) Strip<Lanes1>(x + j, mean, rstd, dY + j, dGamma + j, dBeta + j, rows, cols);
            }
        });
    }

    private static long Deviations<TVec>(float* x, float mu, long j, int n, ref float sum, ref float squares) where TVec : struct, ILanes<TVec>
    {
        TVec d1 = TVec.Zero, d2 = TVec.Zero, m = TVec.Broadcast(mu);
        for (; j + TVec.Count <= n; j += TVec.Count)
        {
            var d = TVec.Load(x + j) - m;
            d1 += d;
            d2 = TVec.MultiplyAdd(d, d, d2);
        }
        sum += TVec.Sum(d1);
        squares += TVec.Sum(d2);
        return j;
    }

    /// <summary>y = ((x − rough) − shift)·rstd·gamma + beta: x − rough is exact for x near the mean, and shift is small,
    /// so the centred value keeps the precision a rounded mean would lose on rows far from zero.</summary>
    private static long Normalize<TVec>(float* x, float* gamma, float* beta, float* y, float rough, float shift, float r, long j, int n)
        where TVec : struct, ILanes<TVec>
    {
        TVec m = TVec.Broadcast(rough), s = TVec.Broadcast(shift), rs = TVec.Broadcast(r);
        for (; j + TVec.Count <= n; j += TVec.Count)
            TVec.Store(y + j, TVec.MultiplyAdd((TVec.Load(x + j) - m - s) * rs, TVec.Load(gamma + j), TVec.Load(beta + j)));
        return j;
    }

    private static long GradientSums<TVec>(float* x, float* dY, float* gamma, float mu, float r, long j, int n, ref float sumG, ref float sumGx)
        where TVec : struct, ILanes<TVec>
    {
        TVec g = TVec.Zero, gx = TVec.Zero, m = TVec.Broadcast(mu), rs = TVec.Broadcast(r);
        for (; j + TVec.Count <= n; j += TVec.Count)
        {
            var gj = TVec.Load(dY + j) * TVec.Load(gamma + j);
            g += gj;
            gx = TVec.MultiplyAdd(gj, (TVec.Load(x + j) - m) * rs, gx);
        }
        sumG += TVec.Sum(g);
        sumGx += TVec.Sum(gx);
        return j;
    }

    private static long AddGradient<TVec>(float* x, float* dY, float* gamma, float* dX, float mu, float r, float c1, float c2, long j, int n)
        where TVec : struct, ILanes<TVec>
    {
        TVec m = TVec.Broadcast(mu), rs = TVec.Broadcast(r), k1 = TVec.Broadcast(c1), k2 = TVec.Broadcast(c2);
        for (; j + TVec.Count <= n; j += TVec.Count)
        {
            var g = TVec.Load(dY + j) * TVec.Load(gamma + j);
            var xhat = (TVec.Load(x + j) - m) * rs;
            TVec.Store(dX + j, TVec.Load(dX + j) + (g * rs - TVec.MultiplyAdd(xhat, k2, k1)));
        }
        return j;
    }

    private static void Strip<TVec>(float* x, float* mean, float* rstd, float* dY, float* dGamma, float* dBeta, int rows, int cols)
        where TVec : struct, ILanes<TVec>
    {
        TVec gamma = TVec.Zero, beta = TVec.Zero;
        for (long i = 0; i < rows; i++)
        {
            var dy = TVec.Load(dY + i * cols);
            var xhat = (TVec.Load(x + i * cols) - TVec.Broadcast(mean[i])) * TVec.Broadcast(rstd[i]);
            gamma = TVec.MultiplyAdd(dy, xhat, gamma);
            beta += dy;
        }
        TVec.Store(dGamma, TVec.Load(dGamma) + gamma);
        TVec.Store(dBeta, TVec.Load(dBeta) + beta);
    }
}
