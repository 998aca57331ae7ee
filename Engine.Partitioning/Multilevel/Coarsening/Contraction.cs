using ClusterGcn.Engine.Partitioning.Graphs;

namespace ClusterGcn.Engine.Partitioning.Multilevel.Coarsening;

/// <summary>Contracts every cluster of a graph into one coarse node.</summary>
public static class Contraction
{
    // Coarse nodes are processed in ranges of about this many fine entries: large enough that handing out a range
    // costs nothing next to its work, small enough that a range holding a hub cannot leave the other workers idle.
    private const int EntriesPerRange = 1 << 16;

    /// <summary>Merges the nodes of each cluster of <paramref name="graph"/> into one coarse node weighing their sum;
    /// the edges between two clusters become one coarse edge weighing their sum, and edges inside a cluster vanish.</summary>
    /// <param name="graph">An undirected graph (both directions stored).</param>
    /// <param name="cluster">Cluster id of every node, any ids in [0, n).</param>
    /// <param name="threads">Worker threads; the result is the same for any count.</param>
    /// <returns>The coarse graph (always weighted) and the coarse node of every fine node. Coarse ids follow the
    /// order in which clusters first appear among the fine nodes, so nearby fine ids stay nearby.</returns>
    /// <exception cref="ArgumentException">A cluster id is outside [0, n), or a coarse weight exceeds <see cref="int.MaxValue"/>.</exception>
    public static (CsrGraph Coarse, int[] CoarseMap) Contract(CsrGraph graph, ReadOnlySpan<int> cluster, int threads) =>
        WeightedView.Of(graph) is { } weighted
            ? Contract<WeightedView, CheckedWeightSum>(weighted, cluster, threads)
            : Contract<CsrView, CheckedWeightSum>(new CsrView(graph), cluster, threads);

    /// <summary>As <see cref="Contract(CsrGraph, ReadOnlySpan{int}, int)"/>, on any graph view, coarse edge weights
    /// summed by <typeparamref name="TSum"/>; the coarse graph is a <see cref="CsrGraph"/> whatever the view.</summary>
    /// <exception cref="ArgumentException">Also when the coarse graph would have more entries than a CsrGraph holds.</exception>
    internal static (CsrGraph Coarse, int[] CoarseMap) Contract<TGraph, TSum>(TGraph graph, ReadOnlySpan<int> cluster, int threads)
        where TGraph : struct, IGraphView where TSum : struct, IWeightSum
    {
        int n = graph.NodeCount;
        if (cluster.Length != n)
            throw new ArgumentException($"contraction: {cluster.Length} cluster ids for {n} nodes.", nameof(cluster));
        var cmap = new int[n];
        int coarseCount = NumberClusters(cluster, cmap, new int[n]);
        var (memberStart, members) = (new int[coarseCount + 1], new int[n]);
        MembersByCoarseNode(cmap, coarseCount, memberStart, members, new int[coarseCount]);
        int[] nodeWeights = SumNodeWeights(graph, cmap, coarseCount);

        var workBefore = new long[coarseCount + 1];
        for (int c = 0; c < coarseCount; c++)
        {
            long work = 0;
            for (int i = memberStart[c]; i < memberStart[c + 1]; i++) work += graph.Degree(members[i]);
            workBefore[c + 1] = workBefore[c] + work;
        }
        int[] ranges = ParallelWork.RangesByWork(coarseCount, EntriesPerRange, c => workBefore[c]);
        int rangeCount = ranges.Length - 1;

        var coarseRowPtr = new int[coarseCount + 1];
        var rangeCols = new int[rangeCount][];
        var rangeWeights = new int[rangeCount][];
        var scratch = new CoarseRows[Math.Max(1, threads)];
        for (int t = 0; t < scratch.Length; t++) scratch[t] = new CoarseRows(coarseCount);
        ParallelWork.Run(rangeCount, scratch, (rows, r) =>
        {
            rows.Build<TGraph, TSum>(graph, cmap, memberStart, members, ranges[r], ranges[r + 1], coarseRowPtr);
            (rangeCols[r], rangeWeights[r]) = (rows.Cols.ToArray(), rows.Weights.ToArray());
        });

        // coarseRowPtr[c + 1] holds c's degree until this prefix sum. Coarse entries never outnumber fine ones,
        // so only the contraction of a graph beyond int offsets (a LargeCsrGraph) can overflow it.
        long entries = 0;
        for (int c = 0; c < coarseCount; c++)
        {
            entries += coarseRowPtr[c + 1];
            if (entries > Array.MaxLength)
                throw new ArgumentException($"contraction: the coarse graph would have more than {Array.MaxLength} entries, more than a CSR graph with int offsets holds.");
            coarseRowPtr[c + 1] = (int)entries;
        }
        var colIdx = new int[coarseRowPtr[coarseCount]];
        var edgeWeights = new int[colIdx.Length];
        Parallel.For(0, rangeCount, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads) }, r =>
        {
            rangeCols[r].CopyTo(colIdx, coarseRowPtr[ranges[r]]);
            rangeWeights[r].CopyTo(edgeWeights, coarseRowPtr[ranges[r]]);
        });
        return (new CsrGraph(coarseRowPtr, colIdx, edgeWeights, nodeWeights), cmap);
    }

    // Dense coarse ids in order of first appearance; returns how many there are. idOf: n entries of scratch. Shared
    // with the bisections' contraction, which works in reused arrays.
    internal static int NumberClusters(ReadOnlySpan<int> cluster, Span<int> cmap, Span<int> idOf)
    {
        idOf = idOf[..cluster.Length];
        idOf.Fill(-1);
        int count = 0;
        for (int u = 0; u < cluster.Length; u++)
        {
            int c = cluster[u];
            if ((uint)c >= (uint)cluster.Length)
                throw new ArgumentException($"contraction: node {u} has cluster id {c}, outside [0, {cluster.Length}).", nameof(cluster));
            if (idOf[c] < 0) idOf[c] = count++;
            cmap[u] = idOf[c];
        }
        return count;
    }

    // A counting sort of the fine nodes by coarse node into start (coarseCount + 1 entries) and members; stable, so
    // each coarse node's members stay in fine order. next: coarseCount entries of scratch.
    internal static void MembersByCoarseNode(ReadOnlySpan<int> cmap, int coarseCount, Span<int> start, Span<int> members, Span<int> next)
    {
        start = start[..(coarseCount + 1)];
        start.Clear();
        foreach (int c in cmap) start[c + 1]++;
        for (int c = 0; c < coarseCount; c++) start[c + 1] += start[c];
        next = next[..coarseCount];
        start[..coarseCount].CopyTo(next);
        for (int u = 0; u < cmap.Length; u++) members[next[cmap[u]]++] = u;
    }

    private static int[] SumNodeWeights<TGraph>(TGraph graph, int[] cmap, int coarseCount) where TGraph : struct, IGraphView
    {
        var sums = new long[coarseCount];
        for (int u = 0; u < cmap.Length; u++) sums[cmap[u]] += graph.NodeWeight(u);
        var weights = new int[coarseCount];
        for (int c = 0; c < coarseCount; c++)
            weights[c] = sums[c] <= int.MaxValue ? (int)sums[c]
                : throw new ArgumentException($"contraction: coarse node {c} would weigh {sums[c]}, more than {int.MaxValue}.");
        return weights;
    }
}
