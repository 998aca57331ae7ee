using ClusterGcn.Engine.Partitioning.Graphs;

namespace ClusterGcn.Engine.Partitioning.Multilevel.Coarsening;

// The reads the k-way algorithms make of a graph, and those heavy-edge matching and contraction make of a
// bisection's graphs. Code is generic over a struct implementing this, so the JIT compiles one specialised copy per
// graph kind: the k-way levels (CsrView, weights optional), the input of more than 2^31 entries (LargeView) and the
// bisection levels (WeightedView, weights always there) share the code without an interface call, or a weight branch
// per entry where the weights are known to exist. A row is an array and a range of int positions in it, so a large
// graph's long offsets never leave the view: its rows lie in chunks, each row whole in one.
internal interface IGraphView
{
    int NodeCount { get; }

    long EntryCount { get; }

    bool HasEdgeWeights { get; }

    bool HasNodeWeights { get; }

    // The neighbours of u, for loops that need no weights.
    ReadOnlySpan<int> Row(int u);

    // Row u as the entries [start, end) of the returned array, their weights at the same positions of weights (null
    // when unweighted; read them through EdgeWeight). Arrays and a range rather than two spans: the loops keep fewer
    // values live (two spans cost a 1M-node mesh's bisections ~2% more time).
    int[] RowEntries(int u, out int[]? weights, out int start, out int end);

    // Weight of entry e of weights, as RowEntries gave them: 1 when the graph is unweighted.
    int EdgeWeight(int[]? weights, int entry);

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

    public int[] RowEntries(int u, out int[]? weights, out int start, out int end)
    {
        (weights, start, end) = (edgeWeights, rowPtr[u], rowPtr[u + 1]);
        return colIdx;
    }

    public int EdgeWeight(int[]? weights, int entry) => weights![entry];

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

// A CsrGraph (or a bisection's unweighted graph) read as it is: a missing weight array means weight 1.
internal readonly struct CsrView(int[] rowPtr, int[] colIdx, int[]? edgeWeights, int[]? nodeWeights) : IGraphView
{
    public CsrView(CsrGraph graph) : this(graph.Arrays.RowPtr, graph.Arrays.ColIdx, graph.Arrays.EdgeWeights, graph.Arrays.NodeWeights)
    {
    }

    public int NodeCount => rowPtr.Length - 1;

    public long EntryCount => colIdx.Length;

    public bool HasEdgeWeights => edgeWeights is not null;

    public bool HasNodeWeights => nodeWeights is not null;

    public ReadOnlySpan<int> Row(int u) => colIdx.AsSpan(rowPtr[u], rowPtr[u + 1] - rowPtr[u]);

    public int[] RowEntries(int u, out int[]? weights, out int start, out int end)
    {
        (weights, start, end) = (edgeWeights, rowPtr[u], rowPtr[u + 1]);
        return colIdx;
    }

    public int EdgeWeight(int[]? weights, int entry) => weights is null ? 1 : weights[entry];

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

    public int[] RowEntries(int u, out int[]? weights, out int start, out int end) => graph.RowEntries(u, out weights, out start, out end);

    public int EdgeWeight(int[]? weights, int entry) => weights is null ? 1 : weights[entry];

    public int Degree(int u) => graph.Degree(u);

    public int NodeWeight(int u) => graph.NodeWeight(u);

    public void PrefetchRowBounds(int u) => graph.PrefetchRowBounds(u);

    public void PrefetchRow(int u) => graph.PrefetchRow(u);
}

// A graph whose node and edge weights are divided by scales, rounded up (a positive weight stays positive):
// coarsening reads a graph of very heavy weights through it, so that its coarse levels' weights, sums of the input's,
// fit ints. Everything else is the inner graph's.
internal readonly struct ScaledView<TGraph>(TGraph graph, int nodeScale, int edgeScale) : IGraphView where TGraph : struct, IGraphView
{
    public int NodeCount => graph.NodeCount;

    public long EntryCount => graph.EntryCount;

    public bool HasEdgeWeights => graph.HasEdgeWeights;

    public bool HasNodeWeights => graph.HasNodeWeights;

    public ReadOnlySpan<int> Row(int u) => graph.Row(u);

    public int[] RowEntries(int u, out int[]? weights, out int start, out int end) => graph.RowEntries(u, out weights, out start, out end);

    public int EdgeWeight(int[]? weights, int entry) => (int)(((long)graph.EdgeWeight(weights, entry) + edgeScale - 1) / edgeScale);

    public int Degree(int u) => graph.Degree(u);

    public int NodeWeight(int u) => (int)(((long)graph.NodeWeight(u) + nodeScale - 1) / nodeScale);

    public void PrefetchRowBounds(int u) => graph.PrefetchRowBounds(u);

    public void PrefetchRow(int u) => graph.PrefetchRow(u);

    // What the weights of graph must be divided by for all of them to fit an int together: 1 for most graphs, and
    // for unit weights always (a unit weight stays 1, and a coarse sum beyond an int saturates).
    public static (int Node, int Edge) ScalesOf(TGraph graph)
    {
        static int Scale(long total) => (int)Math.Min(int.MaxValue, (total + int.MaxValue - 1) / int.MaxValue);
        return (graph.HasNodeWeights ? Scale(PartitionMetrics.TotalNodeWeight(graph)) : 1,
            graph.HasEdgeWeights ? Scale(PartitionMetrics.TotalEdgeWeight(graph)) : 1);
    }
}
