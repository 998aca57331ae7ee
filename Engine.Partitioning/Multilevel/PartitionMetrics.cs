using ClusterGcn.Engine.Partitioning.Graphs;

namespace ClusterGcn.Engine.Partitioning.Multilevel;

/// <summary>Quality measures of a partition, computed from scratch: used by refiners' checks, logs and tests alike.</summary>
public static class PartitionMetrics
{
    /// <summary>Total weight of the edges whose ends lie in different blocks (each undirected edge counted once,
    /// as METIS reports it: the sum over stored entries, halved).</summary>
    public static long EdgeCut(CsrGraph graph, ReadOnlySpan<int> part)
    {
        CheckLength(graph, part);
        long cut = 0;
        var rowPtr = graph.RowPtr;
        var colIdx = graph.ColIdx;
        for (int u = 0; u < graph.NodeCount; u++)
            for (int e = rowPtr[u]; e < rowPtr[u + 1]; e++)
                if (part[colIdx[e]] != part[u]) cut += graph.EdgeWeight(e);
        return cut / 2;
    }

    /// <summary>Total weight of the edges (each undirected edge once).</summary>
    public static long TotalEdgeWeight(CsrGraph graph)
    {
        if (!graph.HasEdgeWeights) return graph.EntryCount / 2;
        long sum = 0;
        foreach (int w in graph.EdgeWeights) sum += w;
        return sum / 2;
    }

    /// <summary>Fraction of edge weight kept inside blocks: 1 − cut / total (1 for a graph without edges). This is
    /// what Cluster-GCN's batches see of the graph.</summary>
    public static double KeptEdgeFraction(CsrGraph graph, ReadOnlySpan<int> part) => KeptEdgeFraction(graph, EdgeCut(graph, part));

    /// <summary>1 − <paramref name="edgeCut"/> / total edge weight, for a cut already computed.</summary>
    public static double KeptEdgeFraction(CsrGraph graph, long edgeCut)
    {
        long total = TotalEdgeWeight(graph);
        return total == 0 ? 1.0 : 1.0 - (double)edgeCut / total;
    }

    /// <summary>Weight of every block 0..k-1.</summary>
    /// <exception cref="ArgumentException">A node's block is outside [0, k).</exception>
    public static long[] BlockWeights(CsrGraph graph, ReadOnlySpan<int> part, int k)
    {
        CheckLength(graph, part);
        var weights = new long[k];
        for (int u = 0; u < part.Length; u++)
        {
            if ((uint)part[u] >= (uint)k)
                throw new ArgumentException($"partition: node {u} is in block {part[u]}, outside [0, {k}).", nameof(part));
            weights[part[u]] += graph.NodeWeight(u);
        }
        return weights;
    }

    /// <summary>Total node weight W.</summary>
    public static long TotalNodeWeight(CsrGraph graph)
    {
        if (!graph.HasNodeWeights) return graph.NodeCount;
        long sum = 0;
        foreach (int w in graph.NodeWeights) sum += w;
        return sum;
    }

    /// <summary>Heaviest block over the average ⌈W / k⌉ (METIS's imbalance: 1.03 means 3% over). 1 for an empty graph.</summary>
    public static double Imbalance(CsrGraph graph, ReadOnlySpan<int> part, int k) => Imbalance(graph, BlockWeights(graph, part, k));

    /// <summary>Heaviest of <paramref name="blockWeights"/> (one per block) over ⌈W / k⌉, for weights already computed.</summary>
    public static double Imbalance(CsrGraph graph, ReadOnlySpan<long> blockWeights)
    {
        long total = TotalNodeWeight(graph);
        if (total == 0) return 1.0;
        long average = (total + blockWeights.Length - 1) / blockWeights.Length;
        long heaviest = 0;
        foreach (long w in blockWeights) heaviest = Math.Max(heaviest, w);
        return (double)heaviest / average;
    }

    private static void CheckLength(CsrGraph graph, ReadOnlySpan<int> part)
    {
        if (part.Length != graph.NodeCount)
            throw new ArgumentException($"partition: {part.Length} block ids for {graph.NodeCount} nodes.", nameof(part));
    }
}
