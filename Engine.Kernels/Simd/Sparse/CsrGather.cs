using System.Runtime.CompilerServices;

namespace ClusterGcn.Engine.Kernels.Simd.Sparse;

/// <summary>The weight of entry e (whose column is <c>col</c>) of the CSR matrix being gathered over, and the factor
/// applied to each output row: what tells mean aggregation, its backward and the weighted SpMM apart.</summary>
internal unsafe interface IEdgeWeights
{
    float Weight(int entry, int col);

    float RowScale(int begin, int end);
}

/// <summary>y[i] (+)= RowScale(i)·Σ_e Weight(e)·x[col e] over the entries of row i: every sparse op here is this
/// gather, forward over the matrix and backward over its stored transpose, so no output row is written by two
/// threads and each sums its entries in CSR order (deterministic, no atomics).</summary>
/// <remarks>Each row is swept 4 vectors of features at a time (64 floats with AVX-512): the gathered x rows stream
/// through 4 independent accumulators, and a row's neighbours stay in L1 between sweeps.</remarks>
internal static unsafe class CsrGather
{
    public static void Run<TVec, TW>(int* rowPtr, int* colIdx, TW weights, float* x, float* y, int rows, int features, bool add)
        where TVec : struct, ILanes<TVec> where TW : struct, IEdgeWeights
    {
        long averageWork = (rowPtr[rows] - (long)rowPtr[0] + rows) / Math.Max(rows, 1) * features;
        Chunks.For(rows, Chunks.Balanced(rows, averageWork), (start, end) =>
        {
            for (long i = start; i < end; i++)
            {
                int begin = rowPtr[i], stop = rowPtr[i + 1];
                Row<TVec, TW>(colIdx, weights, begin, stop, weights.RowScale(begin, stop), x, y + i * features, features, add);
            }
        });
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Row<TVec, TW>(int* colIdx, TW weights, int begin, int end, float scale, float* x, float* y, int f, bool add)
        where TVec : struct, ILanes<TVec> where TW : struct, IEdgeWeights
    {
        int lanes = TVec.Count, j = 0;
        var s = TVec.Broadcast(scale);
        for (; j + 4 * lanes <= f; j += 4 * lanes)
        {
            TVec a0 = TVec.Zero, a1 = TVec.Zero, a2 = TVec.Zero, a3 = TVec.Zero;
            for (int e = begin; e < end; e++)
            {
                int col = colIdx[e];
                var w = TVec.Broadcast(weights.Weight(e, col));
                float* xr = x + (long)col * f + j;
                a0 = TVec.MultiplyAdd(w, TVec.Load(xr), a0);
                a1 = TVec.MultiplyAdd(w, TVec.Load(xr + lanes), a1);
                a2 = TVec.MultiplyAdd(w, TVec.Load(xr + 2 * lanes), a2);
                a3 = TVec.MultiplyAdd(w, TVec.Load(xr + 3 * lanes), a3);
            }
            Put(y + j, add, a0 * s);
            Put(y + j + lanes, add, a1 * s);
            Put(y + j + 2 * lanes, add, a2 * s);
            Put(y + j + 3 * lanes, add, a3 * s);
        }
        for (; j + lanes <= f; j += lanes) Put(y + j, add, Sweep<TVec, TW>(colIdx, weights, begin, end, x + j, f) * s);
        if (j == f) return;
        if (f >= lanes)
        {
            // The ragged end as one full vector ending at the row's last feature; only its new lanes are written.
            int window = f - lanes;
            Partial.Store(y + j, f - j, add, Sweep<TVec, TW>(colIdx, weights, begin, end, x + window, f) * s, j - window);
        }
        else
        {
            for (; j < f; j++) Put(y + j, add, Sweep<Lanes1, TW>(colIdx, weights, begin, end, x + j, f) * Lanes1.Broadcast(scale));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVec Sweep<TVec, TW>(int* colIdx, TW weights, int begin, int end, float* x, int f)
        where TVec : struct, ILanes<TVec> where TW : struct, IEdgeWeights
    {
        var a = TVec.Zero;
        for (int e = begin; e < end; e++)
        {
            int col = colIdx[e];
            a = TVec.MultiplyAdd(TVec.Broadcast(weights.Weight(e, col)), TVec.Load(x + (long)col * f), a);
        }
        return a;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Put<TVec>(float* y, bool add, TVec v) where TVec : struct, ILanes<TVec> =>
        TVec.Store(y, add ? TVec.Load(y) + v : v);
}
