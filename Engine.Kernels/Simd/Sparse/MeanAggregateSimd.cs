using System.Runtime.CompilerServices;

namespace ClusterGcn.Engine.Kernels.Simd.Sparse;

/// <summary>Mean over CSR neighbours, y[i] = (1 / deg i)·Σ_{j ∈ N(i)} x[j] (empty rows give 0), and its backward
/// dX[j] += Σ_{i : j ∈ N(i)} dY[i] / deg i, gathered over the transpose.</summary>
internal static unsafe class MeanAggregateSimd
{
    public static void Forward<TVec>(int* rowPtr, int* colIdx, float* x, float* y, int rows, int features)
        where TVec : struct, ILanes<TVec> =>
        CsrGather.Run<TVec, Mean>(rowPtr, colIdx, default, x, y, rows, features, add: false);

    public static void Backward<TVec>(float* inverseDegree, int* tRowPtr, int* tColIdx, float* dY, float* dX, int cols, int features)
        where TVec : struct, ILanes<TVec> =>
        CsrGather.Run<TVec, InverseDegree>(tRowPtr, tColIdx, new InverseDegree(inverseDegree), dY, dX, cols, features, add: true);

    private readonly struct Mean : IEdgeWeights
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public float Weight(int entry, int col) => 1f;

        [MethodImpl(MethodImplOptions.AggressiveInlining)] public float RowScale(int begin, int end) => end > begin ? 1f / (end - begin) : 0f;
    }

    /// <summary>An entry of the transpose links input node j to output row <c>col</c>, which divided by its degree
    /// (precomputed per row by DeviceCsr).</summary>
    private readonly struct InverseDegree(float* inverseDegree) : IEdgeWeights
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public float Weight(int entry, int col) => inverseDegree[col];

        [MethodImpl(MethodImplOptions.AggressiveInlining)] public float RowScale(int begin, int end) => 1f;
    }
}
