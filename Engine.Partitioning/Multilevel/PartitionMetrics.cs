using ClusterGcn.Engine.Partitioning.Graphs;
using ClusterGcn.Engine.Partitioning.Multilevel.Coarsening;

namespace ClusterGcn.Engine.Partitioning.Multilevel;

/// <summary>Quality measures of a partition, computed from scratch: used by refiners' checks, logs and tests alike.
/// Each takes a <see cref="CsrGraph"/> or a <see cref="LargeCsrGraph"/>.</summary>
public static class PartitionMetrics
{
    /// <summary>Total weight of the edges whose ends lie in different blocks (each undirected edge counted once,
    /// as METIS reports it: the sum over stored entries, halved).</summary>
    public static long EdgeCut(CsrGraph graph, ReadOnlySpan<int> part) => EdgeCut(new CsrView(graph), part);

    /// <inheritdoc cref="EdgeCut(CsrGraph, ReadOnlySpan{int})"/>
    public static long EdgeCut(LargeCsrGraph graph, ReadOnlySpan<int> part) => EdgeCut(new LargeView(graph), part);

    internal static long EdgeCut<TGraph>(TGraph graph, ReadOnlySpan<int> part) where TGraph : struct, IGraphView
    {
        CheckLength(graph.NodeCount, part);
        long cut = 0;
        for (int u = 0; u < graph.NodeCount; u++)
        {
            int[] cols = graph.RowEntries(u, out int[]? weights, out int start, out int end);
            for (int e = start; e < end; e++)
                if (part[cols[e]] != part[u]) cut += graph.EdgeWeight(weights, e);
        }
        return cut / 2;
    }

    /// <summary>Total weight of the edges (each undirected edge once).</summary>
    public static long TotalEdgeWeight(CsrGraph graph) => TotalEdgeWeight(new CsrView(graph));

    /// <inheritdoc cref="TotalEdgeWeight(CsrGraph)"/>
    public static long TotalEdgeWeight(LargeCsrGraph graph) => TotalEdgeWeight(new LargeView(graph));

    internal static long TotalEdgeWeight<TGraph>(TGraph graph) where TGraph : struct, IGraphView
    {
        if (!graph.HasEdgeWeights) return graph.EntryCount / 2;
        long sum = 0;
        for (int u = 0; u < graph.NodeCount; u++)
        {
            graph.RowEntries(u, out int[]? weights, out int start, out int end);
            for (int e = start; e < end; e++) sum += weights![e];
        }
        return sum / 2;
    }

    /// <summary>Fraction of edge weight kept inside blocks: 1 − cut / total (1 for a graph without edges). This is
    /// what Cluster-GCN's batches see of the graph.</summary>
    public static double KeptEdgeFraction(CsrGraph graph, ReadOnlySpan<int> part) => KeptEdgeFraction(graph, EdgeCut(graph, part));

    /// <summary>1 − <paramref name="edgeCut"/> / total edge weight, for a cut already computed.</summary>
    public static double KeptEdgeFraction(CsrGraph graph, long edgeCut) => KeptEdgeFraction(new CsrView(graph), edgeCut);

    /// <inheritdoc cref="KeptEdgeFraction(CsrGraph, long)"/>
    public static double KeptEdgeFraction(LargeCsrGraph graph, long edgeCut) => KeptEdgeFraction(new LargeView(graph), edgeCut);

    internal static double KeptEdgeFraction<TGraph>(TGraph graph, long edgeCut) where TGraph : struct, IGraphView
    {
        long total = TotalEdgeWeight(graph);
        return total == 0 ? 1.0 : 1.0 - (double)edgeCut / total;
    }

    /// <summary>Weight of every block 0..k-1.</summary>
    /// <exception cref="ArgumentException">A node's block is outside [0, k).</exception>
    public static long[] BlockWeights(CsrGraph graph, ReadOnlySpan<int> part, int k) => BlockWeights(new CsrView(graph), part, k);

    /// <inheritdoc cref="BlockWeights(CsrGraph, ReadOnlySpan{int}, int)"/>
    public static long[] BlockWeights(LargeCsrGraph graph, ReadOnlySpan<int> part, int k) => BlockWeights(new LargeView(graph), part, k);

    internal static long[] BlockWeights<TGraph>(TGraph graph, ReadOnlySpan<int> part, int k) where TGraph : struct, IGraphView
    {
        CheckLength(graph.NodeCount, part);
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
    public static long TotalNodeWeight(CsrGraph graph) => TotalNodeWeight(new CsrView(graph));

    /// <inheritdoc cref="TotalNodeWeight(CsrGraph)"/>
    public static long TotalNodeWeight(LargeCsrGraph graph) => TotalNodeWeight(new LargeView(graph));

    internal static long TotalNodeWeight<TGraph>(TGraph graph) where TGraph : struct, IGraphView
    {
        if (!graph.HasNodeWeights) return graph.NodeCount;
        long sum = 0;
        for (int u = 0; u < graph.NodeCount; u++) sum += graph.NodeWeight(u);
        return sum;
    }

    /// <summary>Heaviest block over the average ⌈W / k⌉ (METIS's imbalance: 1.03 means 3% over). 1 for an empty graph.</summary>
    public static double Imbalance(CsrGraph graph, ReadOnlySpan<int> part, int k) => Imbalance(graph, BlockWeights(graph, part, k));

    /// <summary>Heaviest of <paramref name="blockWeights"/> (one per block) over ⌈W / k⌉, for weights already computed.</summary>
    public static double Imbalance(CsrGraph graph, ReadOnlySpan<long> blockWeights) => Imbalance(TotalNodeWeight(graph), blockWeights);

    /// <inheritdoc cref="Imbalance(CsrGraph, ReadOnlySpan{long})"/>
    public static double Imbalance(LargeCsrGraph graph, ReadOnlySpan<long> blockWeights) => Imbalance(TotalNodeWeight(graph), blockWeights);

    /// <summary>Heaviest of <paramref name="blockWeights"/> over ⌈<paramref name="total"/> / k⌉, for a graph of total
    /// node weight <paramref name="total"/> (<see cref="TotalNodeWeight(CsrGraph)"/>); 1 when it is 0.</summary>
    public static double Imbalance(long total, ReadOnlySpan<long> blockWeights)
    {
        if (total == 0) return 1.0;
        long average = (total + blockWeights.Length - 1) / blockWeights.Length;
        long heaviest = 0;
        foreach (long w in blockWeights) heaviest = Math.Max(heaviest, w);
        return (double)heaviest / average;
    }

    /// <summary>Every measure of <paramref name="part"/> at once, on a graph of either size; the edges are scanned twice
    /// (cut, total weight), which at Reddit scale is a noticeable fraction of a second each.</summary>
    /// <exception cref="ArgumentException">The partition's length is not the node count, or a block id is outside [0, k).</exception>
    public static PartitionQuality Measure(AnyCsrGraph graph, ReadOnlySpan<int> part, int k) =>
        graph.Csr is { } csr ? Measure(new CsrView(csr), part, k) : Measure(new LargeView(graph.Large!), part, k);

    internal static PartitionQuality Measure<TGraph>(TGraph graph, ReadOnlySpan<int> part, int k) where TGraph : struct, IGraphView
    {
        long[] blockWeights = BlockWeights(graph, part, k);
        long cut = EdgeCut(graph, part);
        return new PartitionQuality(cut, KeptEdgeFraction(graph, cut), blockWeights, Imbalance(blockWeights.Sum(), blockWeights));
    }

    private static void CheckLength(int nodeCount, ReadOnlySpan<int> part)
    {
        if (part.Length != nodeCount)
            throw new ArgumentException($"partition: {part.Length} block ids for {nodeCount} nodes.", nameof(part));
    }
}
