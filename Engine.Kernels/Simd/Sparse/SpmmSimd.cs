using System.Runtime.CompilerServices;

namespace ClusterGcn.Engine.Kernels.Simd.Sparse;

/// <summary>Weighted SpMM y = A·x, and its backward dX += Aᵀ·dY gathered over the stored transpose (whose values are
/// permuted to its entry order).</summary>
internal static unsafe class SpmmSimd
{
    public static void Forward<TVec>(int* rowPtr, int* colIdx, float* values, float* x, float* y, int rows, int features)
        where TVec : struct, ILanes<TVec> =>
        CsrGather.Run<TVec, Values>(rowPtr, colIdx, new Values(values), x, y, rows, features, add: false);

    public static void Backward<TVec>(int* tRowPtr, int* tColIdx, float* tValues, float* dY, float* dX, int cols, int features)
        where TVec : struct, ILanes<TVec> =>
        CsrGather.Run<TVec, Values>(tRowPtr, tColIdx, new Values(tValues), dY, dX, cols, features, add: true);

    private readonly struct Values(float* values) : IEdgeWeights
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public float Weight(int entry, int col) => values[entry];

        [MethodImpl(MethodImplOptions.AggressiveInlining)] public float RowScale(int begin, int end) => 1f;
    }
}
