namespace ClusterGcn.Engine.Partitioning.Graphs;

/// <summary>An immutable graph in compressed sparse row form, optionally with integer node and edge weights.</summary>
/// <remarks>The neighbours of node u are <c>ColIdx[RowPtr[u]..RowPtr[u + 1]]</c>; undirected graphs store both
/// directions. METIS calls these arrays xadj, adjncy, vwgt and adjwgt.</remarks>
public sealed class CsrGraph
{
    private readonly int[] rowPtr;
    private readonly int[] colIdx;
    private readonly int[]? edgeWeights;
    private readonly int[]? nodeWeights;

    /// <summary>Wraps CSR arrays after checking them; the arrays are not copied and must not change afterwards.</summary>
    /// <exception cref="ArgumentException">The arrays do not describe a valid CSR graph, or a weight array has the wrong length or a negative weight.</exception>
    public CsrGraph(int[] rowPtr, int[] colIdx, int[]? edgeWeights = null, int[]? nodeWeights = null)
    {
        CsrChecks.Validate(rowPtr, colIdx, rowPtr.Length - 1, "graph");
        CheckWeights(edgeWeights, colIdx.Length, "edge weights");
        CheckWeights(nodeWeights, rowPtr.Length - 1, "node weights");
        (this.rowPtr, this.colIdx, this.edgeWeights, this.nodeWeights) = (rowPtr, colIdx, edgeWeights, nodeWeights);
    }

    /// <summary>Number of nodes N.</summary>
    public int NodeCount => rowPtr.Length - 1;

    /// <summary>Number of stored (directed) entries; an undirected edge counts twice.</summary>
    public int EntryCount => colIdx.Length;

    /// <summary>Row pointer, N + 1 entries.</summary>
    public ReadOnlySpan<int> RowPtr => rowPtr;

    /// <summary>Column index (neighbour) of every entry.</summary>
    public ReadOnlySpan<int> ColIdx => colIdx;

    /// <summary>Whether edges carry weights; without them every edge weighs 1.</summary>
    public bool HasEdgeWeights => edgeWeights is not null;

    /// <summary>Whether nodes carry weights; without them every node weighs 1.</summary>
    public bool HasNodeWeights => nodeWeights is not null;

    /// <summary>Edge weight per entry, or empty when the graph is unweighted.</summary>
    public ReadOnlySpan<int> EdgeWeights => edgeWeights;

    /// <summary>Node weight per node, or empty when nodes are unweighted.</summary>
    public ReadOnlySpan<int> NodeWeights => nodeWeights;

    // The arrays themselves, for callers in this assembly that share them read-only instead of copying (a coarse
    // graph of a dense input holds hundreds of MB).
    internal (int[] RowPtr, int[] ColIdx, int[]? EdgeWeights, int[]? NodeWeights) Arrays => (rowPtr, colIdx, edgeWeights, nodeWeights);

    /// <summary>The neighbours of <paramref name="node"/>.</summary>
    public ReadOnlySpan<int> Neighbors(int node) => colIdx.AsSpan(rowPtr[node], rowPtr[node + 1] - rowPtr[node]);

    /// <summary>Number of stored neighbours of <paramref name="node"/>.</summary>
    public int Degree(int node) => rowPtr[node + 1] - rowPtr[node];

    /// <summary>Weight of entry <paramref name="entry"/> (1 when unweighted).</summary>
    public int EdgeWeight(int entry) => edgeWeights is null ? 1 : edgeWeights[entry];

    /// <summary>Weight of <paramref name="node"/> (1 when unweighted).</summary>
    public int NodeWeight(int node) => nodeWeights is null ? 1 : nodeWeights[node];

    private static void CheckWeights(int[]? weights, int expected, string what)
    {
        if (weights is null) return;
        if (weights.Length != expected)
            throw new ArgumentException($"graph: {what} have {weights.Length} entries, expected {expected}.", what);
        for (int i = 0; i < weights.Length; i++)
            if (weights[i] < 0)
                throw new ArgumentException($"graph: {what}[{i}] = {weights[i]} is negative.", what);
    }
}
