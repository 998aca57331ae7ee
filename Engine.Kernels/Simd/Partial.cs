using System.Runtime.CompilerServices;

namespace ClusterGcn.Engine.Kernels.Simd;

/// <summary>The ragged end of a row, narrower than one vector: computed as a full vector, written lane by lane so
/// nothing outside the row is touched. Kept out of line: it runs once per row, and the stack buffer would stop inlining.</summary>
internal static unsafe class Partial
{
    /// <summary>destination[j] (+)= lane firstLane + j of <paramref name="value"/>, for j &lt; count.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Store<TVec>(float* destination, int count, bool add, TVec value, int firstLane = 0)
        where TVec : struct, ILanes<TVec>
    {
        float* lanes = stackalloc float[TVec.Count];
        TVec.Store(lanes, value);
        for (int j = 0; j < count; j++) destination[j] = add ? destination[j] + lanes[firstLane + j] : lanes[firstLane + j];
    }
}
