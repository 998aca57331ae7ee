using ClusterGcn.Engine.Partitioning.Graphs;
using ClusterGcn.Engine.Partitioning.Multilevel.Coarsening;

namespace ClusterGcn.Engine.Partitioning.Multilevel.Initial;

// A CSR graph whose node weights are always materialised; recursive bisection makes one per subproblem. Edge weights
// are null when every edge weighs 1 (an unweighted coarsest graph and the subgraphs it induces): a unit weight per
// entry was the largest array of a power-law graph's first bisections (sbm-100k at k = 1500: 8 MB of 2M entries, and
// as much again in the two halves). Origin maps each node to its node of the coarsest graph (empty for the contracted
// graphs inside one bisection, which never map back directly).
internal sealed class WeightedGraph
{
    public readonly int[] RowPtr, ColIdx, NodeWeights, Origin;
    public readonly int[]? EdgeWeights;
    public readonly long TotalNodeWeight;

    public WeightedGraph(int[] rowPtr, int[] colIdx, int[]? edgeWeights, int[] nodeWeights, int[] origin)
    {
        (RowPtr, ColIdx, EdgeWeights, NodeWeights, Origin) = (rowPtr, colIdx, edgeWeights, nodeWeights, origin);
        foreach (int w in nodeWeights) TotalNodeWeight += w;
    }

    public int NodeCount => RowPtr.Length - 1;

    // Weight of entry e of edgeWeights (EdgeWeights, hoisted into a local by the loops): 1 when the graph has none.
    public static int EdgeWeight(int[]? edgeWeights, int e) => edgeWeights is null ? 1 : edgeWeights[e];

    public int EntryCount => RowPtr[^1];

    // Shares the graph's arrays (nothing here writes to them): the coarsest graph of a dense input is large.
    public static WeightedGraph From(CsrGraph graph)
    {
        var (rowPtr, colIdx, edgeWeights, nodeWeights) = graph.Arrays;
        var origin = new int[graph.NodeCount];
        for (int u = 0; u < origin.Length; u++) origin[u] = u;
        return new WeightedGraph(rowPtr, colIdx, edgeWeights, nodeWeights ?? Ones(graph.NodeCount), origin);
    }

    // The subgraph induced by the nodes with side[u] == which, keeping node and edge weights; nodes keep their order.
    public WeightedGraph Induced(ReadOnlySpan<int> side, int which, Span<int> localScratch)
    {
        int nodes = 0, entries = 0;
        for (int u = 0; u < NodeCount; u++)
        {
            if (side[u] != which) continue;
            localScratch[u] = nodes++;
            for (int e = RowPtr[u]; e < RowPtr[u + 1]; e++)
                if (side[ColIdx[e]] == which) entries++;
        }

        // Every entry is written below (rowPtr[0] here), so the arrays skip the zeroing.
        int[] rowPtr = GC.AllocateUninitializedArray<int>(nodes + 1);
        int[] colIdx = GC.AllocateUninitializedArray<int>(entries);
        int[]? edgeWeights = EdgeWeights is null ? null : GC.AllocateUninitializedArray<int>(entries);
        int[] nodeWeights = GC.AllocateUninitializedArray<int>(nodes);
        int[] origin = GC.AllocateUninitializedArray<int>(nodes);
        rowPtr[0] = 0;
        int write = 0;
        for (int u = 0; u < NodeCount; u++)
        {
            if (side[u] != which) continue;
            int local = localScratch[u];
            nodeWeights[local] = NodeWeights[u];
            origin[local] = Origin[u];
            for (int e = RowPtr[u]; e < RowPtr[u + 1]; e++)
            {
                int v = ColIdx[e];
                if (side[v] != which) continue;
                if (edgeWeights is not null) edgeWeights[write] = EdgeWeights![e];
                colIdx[write++] = localScratch[v];
            }
            rowPtr[local + 1] = write;
        }
        return new WeightedGraph(rowPtr, colIdx, edgeWeights, nodeWeights, origin);
    }

    private static int[] Ones(int length)
    {
        var ones = new int[length];
        Array.Fill(ones, 1);
        return ones;
    }
}

// What one bisection aims for: side s should weigh about Target(s) and must not weigh more than Max(s).
internal readonly record struct BisectionBounds(long Target0, long Target1, long Max0, long Max1)
{
    public long Target(int side) => side == 0 ? Target0 : Target1;

    public long Max(int side) => side == 0 ? Max0 : Max1;

    // Weight above the bounds, summed over both sides: 0 when the bisection is balanced.
    public long Overload(long weight0, long weight1) => Math.Max(0, weight0 - Max0) + Math.Max(0, weight1 - Max1);
}
