using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;
using ClusterGcn.Engine.Partitioning.Graphs;

namespace ClusterGcn.Engine.Partitioning.Multilevel.Coarsening;

// The reads heavy-edge matching and contraction make of a CSR graph. They are generic over a struct implementing
// this, so the JIT compiles one specialised copy per graph kind: the k-way levels (CsrGraph, weights optional) and
// the bisection levels (WeightedGraph, weights always there) share the code without an interface call or a weight
// branch per entry where the weights are known to exist.
internal interface IGraphView
{
    int RowStart(int u);

    int RowEnd(int u);

    int Neighbour(int entry);

    int EdgeWeight(int entry);

    int NodeWeight(int u);

    // Cache hints for a node's row bounds and for its row, so a random visiting order can overlap its misses.
    void PrefetchRowBounds(int u);

    void PrefetchRow(int u);
}

// A graph whose node and edge weights are all materialised.
internal readonly struct WeightedView(int[] rowPtr, int[] colIdx, int[] edgeWeights, int[] nodeWeights) : IGraphView
{
    public int RowStart(int u) => rowPtr[u];

    public int RowEnd(int u) => rowPtr[u + 1];

    public int Neighbour(int entry) => colIdx[entry];

    public int EdgeWeight(int entry) => edgeWeights[entry];

    public int NodeWeight(int u) => nodeWeights[u];

    public void PrefetchRowBounds(int u) => CacheHint.Prefetch(ref rowPtr[u]);

    public void PrefetchRow(int u)
    {
        int start = rowPtr[u];
        if (start >= colIdx.Length) return;
        CacheHint.Prefetch(ref colIdx[start]);
        CacheHint.Prefetch(ref edgeWeights[start]);
    }

    // Null when the graph lacks either weight array (then CsrView reads it).
    public static WeightedView? Of(CsrGraph graph) => graph.Arrays is (var rowPtr, var colIdx, { } edgeWeights, { } nodeWeights)
        ? new WeightedView(rowPtr, colIdx, edgeWeights, nodeWeights) : null;
}

// A CsrGraph read as it is: a missing weight array means weight 1.
internal readonly struct CsrView(CsrGraph graph) : IGraphView
{
    private readonly int[] rowPtr = graph.Arrays.RowPtr, colIdx = graph.Arrays.ColIdx;
    private readonly int[]? edgeWeights = graph.Arrays.EdgeWeights, nodeWeights = graph.Arrays.NodeWeights;

    public int RowStart(int u) => rowPtr[u];

    public int RowEnd(int u) => rowPtr[u + 1];

    public int Neighbour(int entry) => colIdx[entry];

    public int EdgeWeight(int entry) => edgeWeights is null ? 1 : edgeWeights[entry];

    public int NodeWeight(int u) => nodeWeights is null ? 1 : nodeWeights[u];

    public void PrefetchRowBounds(int u) => CacheHint.Prefetch(ref rowPtr[u]);

    public void PrefetchRow(int u)
    {
        int start = rowPtr[u];
        if (start >= colIdx.Length) return;
        CacheHint.Prefetch(ref colIdx[start]);
        if (edgeWeights is not null) CacheHint.Prefetch(ref edgeWeights[start]);
    }
}

internal static class CacheHint
{
    // A hint only: a stale address (the GC moved the array) costs nothing, and without SSE it does nothing.
    public static unsafe void Prefetch(ref int target)
    {
        if (Sse.IsSupported) Sse.Prefetch0(Unsafe.AsPointer(ref target));
    }
}
