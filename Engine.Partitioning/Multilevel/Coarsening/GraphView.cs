using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;
using ClusterGcn.Engine.Partitioning.Graphs;

namespace ClusterGcn.Engine.Partitioning.Multilevel.Coarsening;

// The reads the k-way algorithms make of a graph, and those heavy-edge matching and contraction make of a
// bisection's graphs. Code is generic over a struct implementing this, so the JIT compiles one specialised copy per
// graph kind: the k-way levels (CsrView, weights optional), the input of more than 2^31 entries (LargeView) and the
// bisection levels (WeightedView, weights always there) share the code without an interface call, or a weight branch
// per entry where the weights are known to exist. Rows are spans, so entry offsets never leave the view: a large
// graph's are long and its rows lie in several arrays.
internal interface IGraphView
{
    int NodeCount { get; }

    long EntryCount { get; }

    bool HasEdgeWeights { get; }

    bool HasNodeWeights { get; }

    ReadOnlySpan<int> Row(int u);

    // The weights of Row(u)'s entries, or empty when the graph is unweighted; read them through EdgeWeight.
    ReadOnlySpan<int> RowWeights(int u);

    // Weight of entry i of a row whose RowWeights are rowWeights: 1 when the graph is unweighted.
    int EdgeWeight(ReadOnlySpan<int> rowWeights, int i);

    int Degree(int u);

    int NodeWeight(int u);

    // Cache hints for a node's row bounds and for its row, so a random visiting order can overlap its misses.
    void PrefetchRowBounds(int u);

    void PrefetchRow(int u);
}

// A graph whose node and edge weights are all materialised.
internal readonly struct WeightedView(int[] rowPtr, int[] colIdx, int[] edgeWeights, int[] nodeWeights) : IGraphView
{
    public int NodeCount => rowPtr.Length - 1;

    public long EntryCount => rowPtr[^1];

    public bool HasEdgeWeights => true;

    public bool HasNodeWeights => true;

    public ReadOnlySpan<int> Row(int u) => colIdx.AsSpan(rowPtr[u], rowPtr[u + 1] - rowPtr[u]);

    public ReadOnlySpan<int> RowWeights(int u) => edgeWeights.AsSpan(rowPtr[u], rowPtr[u + 1] - rowPtr[u]);

    public int EdgeWeight(ReadOnlySpan<int> rowWeights, int i) => rowWeights[i];

    public int Degree(int u) => rowPtr[u + 1] - rowPtr[u];

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

    public int NodeCount => rowPtr.Length - 1;

    public long EntryCount => colIdx.Length;

    public bool HasEdgeWeights => edgeWeights is not null;

    public bool HasNodeWeights => nodeWeights is not null;

    public ReadOnlySpan<int> Row(int u) => colIdx.AsSpan(rowPtr[u], rowPtr[u + 1] - rowPtr[u]);

    public ReadOnlySpan<int> RowWeights(int u) => edgeWeights is null ? default : edgeWeights.AsSpan(rowPtr[u], rowPtr[u + 1] - rowPtr[u]);

    public int EdgeWeight(ReadOnlySpan<int> rowWeights, int i) => rowWeights.IsEmpty ? 1 : rowWeights[i];

    public int Degree(int u) => rowPtr[u + 1] - rowPtr[u];

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

// A LargeCsrGraph: long offsets, rows in chunks; a missing weight array means weight 1.
internal readonly struct LargeView(LargeCsrGraph graph) : IGraphView
{
    public int NodeCount => graph.NodeCount;

    public long EntryCount => graph.EntryCount;

    public bool HasEdgeWeights => graph.HasEdgeWeights;

    public bool HasNodeWeights => graph.HasNodeWeights;

    public ReadOnlySpan<int> Row(int u) => graph.Neighbors(u);

    public ReadOnlySpan<int> RowWeights(int u) => graph.NeighborWeights(u);

    public int EdgeWeight(ReadOnlySpan<int> rowWeights, int i) => rowWeights.IsEmpty ? 1 : rowWeights[i];

    public int Degree(int u) => graph.Degree(u);

    public int NodeWeight(int u) => graph.NodeWeight(u);

    // Only the bisections prefetch, and they never see the input graph.
    public void PrefetchRowBounds(int u) { }

    public void PrefetchRow(int u) { }
}

internal static class CacheHint
{
    // A hint only: a stale address (the GC moved the array) costs nothing, and without SSE it does nothing.
    public static unsafe void Prefetch<T>(ref T target)
    {
        if (Sse.IsSupported) Sse.Prefetch0(Unsafe.AsPointer(ref target));
    }
}
