namespace ClusterGcn.Engine.Kernels.Simd.Elementwise;

/// <summary>ReLU: y = max(x, 0); dX += dY where y &gt; 0. The backward reads the output, so the forward may run in
/// place. Max and a masked select, not a branch: random signs would mispredict half the time.</summary>
internal static unsafe class ReluSimd
{
    public static void Forward<TVec>(float* x, float* y, long n) where TVec : struct, ILanes<TVec> =>
        Chunks.For(n, Elements.Chunk(n), (start, end) =>
        {
            long done = Forward<TVec>(x + start, y + start, 0, end - start);
            Forward<Lanes1>(x + start, y + start, done, end - start);
        });

    public static void Backward<TVec>(float* y, float* dY, float* dX, long n) where TVec : struct, ILanes<TVec> =>
        Chunks.For(n, Elements.Chunk(n), (start, end) =>
        {
            long done = Backward<TVec>(y + start, dY + start, dX + start, 0, end - start);
            Backward<Lanes1>(y + start, dY + start, dX + start, done, end - start);
        });

    private static long Forward<TVec>(float* x, float* y, long i, long n) where TVec : struct, ILanes<TVec>
    {
        for (; i + TVec.Count <= n; i += TVec.Count) TVec.Store(y + i, TVec.Max(TVec.Load(x + i), TVec.Zero));
        return i;
    }

    private static long Backward<TVec>(float* y, float* dY, float* dX, long i, long n) where TVec : struct, ILanes<TVec>
    {
        for (; i + TVec.Count <= n; i += TVec.Count)
            TVec.Store(dX + i, TVec.Load(dX + i) + TVec.WherePositive(TVec.Load(y + i), TVec.Load(dY + i)));
        return i;
    }
}
