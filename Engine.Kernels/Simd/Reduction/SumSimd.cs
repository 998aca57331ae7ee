namespace ClusterGcn.Engine.Kernels.Simd.Reduction;

/// <summary>result = Σ x over fixed chunks (each summed in float over 4 vector accumulators), the chunk sums then
/// added in double in chunk order: the same bits on any core count, and no float drift across millions of terms.</summary>
internal static unsafe class SumSimd
{
    private const long Chunk = 1 << 16;

    public static void Run<TVec>(float* x, long n, float* result, Scratch scratch) where TVec : struct, ILanes<TVec>
    {
        double* partials = scratch.Get<double>(Math.Max(1, Chunks.Count(n, Chunk)));
        Chunks.For(n, Chunk, (start, end) => partials[start / Chunk] = Span<TVec>(x + start, end - start));
        double total = 0;
        for (int c = 0; c < Chunks.Count(n, Chunk); c++) total += partials[c];
        *result = (float)total;
    }

    /// <summary>Σ x[0..n) on one thread, over 4 vector accumulators: also the row mean of layer norm.</summary>
    public static float Span<TVec>(float* x, long n) where TVec : struct, ILanes<TVec>
    {
        TVec s0 = TVec.Zero, s1 = TVec.Zero, s2 = TVec.Zero, s3 = TVec.Zero;
        long i = 0, step = 4L * TVec.Count;
        for (; i + step <= n; i += step)
        {
            s0 += TVec.Load(x + i);
            s1 += TVec.Load(x + i + TVec.Count);
            s2 += TVec.Load(x + i + 2 * TVec.Count);
            s3 += TVec.Load(x + i + 3 * TVec.Count);
        }
        for (; i + TVec.Count <= n; i += TVec.Count) s0 += TVec.Load(x + i);
        float sum = TVec.Sum((s0 + s1) + (s2 + s3));
        for (; i < n; i++) sum += x[i];
        return sum;
    }
}
