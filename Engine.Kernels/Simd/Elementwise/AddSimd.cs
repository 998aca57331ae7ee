namespace ClusterGcn.Engine.Kernels.Simd.Elementwise;

/// <summary>y = a + b and y += α·x. Their gradients are each other's special cases (an add's backward is an axpy
/// with α = 1), so there is no separate backward here.</summary>
internal static unsafe class AddSimd
{
    public static void Add<TVec>(float* a, float* b, float* y, long n) where TVec : struct, ILanes<TVec> =>
        Chunks.For(n, Elements.Chunk(n), (start, end) => Sum<TVec>(a + start, b + start, y + start, end - start));

    public static void Axpy<TVec>(float alpha, float* x, float* y, long n) where TVec : struct, ILanes<TVec> =>
        Chunks.For(n, Elements.Chunk(n), (start, end) =>
        {
            long done = Axpy<TVec>(alpha, x + start, y + start, 0, end - start);
            Axpy<Lanes1>(alpha, x + start, y + start, done, end - start);
        });

    /// <summary>y[i] = a[i] + b[i] on one thread; y may alias a or b. Shared by bias and row scatter.</summary>
    public static void Sum<TVec>(float* a, float* b, float* y, long n) where TVec : struct, ILanes<TVec>
    {
        long done = Sum<TVec>(a, b, y, 0, n);
        Sum<Lanes1>(a, b, y, done, n);
    }

    private static long Sum<TVec>(float* a, float* b, float* y, long i, long n) where TVec : struct, ILanes<TVec>
    {
        for (; i + TVec.Count <= n; i += TVec.Count) TVec.Store(y + i, TVec.Load(a + i) + TVec.Load(b + i));
        return i;
    }

    private static long Axpy<TVec>(float alpha, float* x, float* y, long i, long n) where TVec : struct, ILanes<TVec>
    {
        var a = TVec.Broadcast(alpha);
        for (; i + TVec.Count <= n; i += TVec.Count) TVec.Store(y + i, TVec.MultiplyAdd(a, TVec.Load(x + i), TVec.Load(y + i)));
        return i;
    }
}
