using ClusterGcn.Engine.Kernels.Simd.Elementwise;

namespace ClusterGcn.Engine.Kernels.Simd.Dense;

/// <summary>y[i, :] += bias and its gradient dBias[j] += Σ_i dY[i, j].</summary>
internal static unsafe class BiasSimd
{
    public static void Forward<TVec>(float* y, float* bias, int rows, int cols) where TVec : struct, ILanes<TVec> =>
        Chunks.For(rows, Chunks.Balanced(rows, cols), (start, end) =>
        {
            for (long i = start; i < end; i++) AddSimd.Sum<TVec>(y + i * cols, bias, y + i * cols, cols);
        });

    /// <summary>Split over column strips, each summed down all rows by one task: the order of the sum is fixed
    /// whatever the core count, and no partial sums need storing.</summary>
    public static void Backward<TVec>(float* dY, float* dBias, int rows, int cols) where TVec : struct, ILanes<TVec>
    {
        int strips = (cols + TVec.Count - 1) / TVec.Count;
        Chunks.For(strips, Chunks.Balanced(strips, (long)rows * TVec.Count), (start, end) =>
        {
            for (long s = start; s < end; s++)
            {
                int j = (int)s * TVec.Count;
                if (j + TVec.Count <= cols) Strip<TVec>(dY + j, dBias + j, rows, cols);
                else for (; j < cols; j++) Strip<Lanes1>(dY + j, dBias + j, rows, cols);
            }
        });
    }

    private static void Strip<TVec>(float* dY, float* dBias, int rows, int cols) where TVec : struct, ILanes<TVec>
    {
        var sum = TVec.Zero;
        for (long i = 0; i < rows; i++) sum += TVec.Load(dY + i * cols);
        TVec.Store(dBias, TVec.Load(dBias) + sum);
    }
}
