using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;
using ClusterGcn.Engine.Partitioning.Randomness;

namespace ClusterGcn.Engine.Partitioning.Multilevel.Initial;

// Contraction of a random heavy-edge matching, so each bisection can be multilevel like METIS's: region growing and
// FM see the whole structure on a small graph, then FM only polishes on the way back up. Kept inside initial
// partitioning because it works on WeightedGraph and needs none of the k-way coarsener's machinery.
internal static class BisectionCoarsening
{
    private const int Unmatched = -1;

    // A matching that removes fewer nodes than this fraction is not worth a level (hubs and stars match poorly).
    private const double MinShrink = 0.1;

    // How many visits ahead the matching prefetches: enough to cover a memory latency of a few visits' work.
    private const int Lookahead = 16;

    // A cache hint only: a stale address (the GC moved the array) costs nothing, and without SSE it does nothing.
    private static unsafe void Prefetch(ref int first, ref int second)
    {
        if (!Sse.IsSupported) return;
        Sse.Prefetch0(Unsafe.AsPointer(ref first));
        Sse.Prefetch0(Unsafe.AsPointer(ref second));
    }

    // Pairs each node, in a seeded random order, with the unmatched neighbour behind its heaviest edge unless the
    // pair would weigh more than maxNodeWeight, and contracts the pairs. Returns null when the graph barely shrinks;
    // coarseOf[u] is the coarse node of u. The matching's working arrays come from scratch (capacity ≥ n).
    public static (WeightedGraph Coarse, int[] CoarseOf)? Contract(WeightedGraph graph, long maxNodeWeight, ref SplitMix64 random,
        BisectionScratch scratch)
    {
        int n = graph.NodeCount;
        int[] rowPtr = graph.RowPtr, colIdx = graph.ColIdx, edgeWeights = graph.EdgeWeights, nodeWeights = graph.NodeWeights;
        Span<int> match = scratch.Match.AsSpan(0, n);
        match.Fill(Unmatched);
        int coarseCount = 0;
        Span<int> order = scratch.RandomOrder(ref random, n);
        for (int i = 0; i < n; i++)
        {
            // The random order misses the cache on nearly every node: ask early for the node's state and row bounds
            // Lookahead visits ahead, and for its row when it is half as far, so the misses overlap.
            if (i + Lookahead < n) Prefetch(ref match[order[i + Lookahead]], ref rowPtr[order[i + Lookahead]]);
            if (i + Lookahead / 2 < n)
            {
                int ahead = rowPtr[order[i + Lookahead / 2]];
                if (ahead < colIdx.Length) Prefetch(ref colIdx[ahead], ref edgeWeights[ahead]);
            }
            int u = order[i];
            if (match[u] != Unmatched) continue;
            int partner = u, heaviest = 0;
            for (int e = rowPtr[u]; e < rowPtr[u + 1]; e++)
            {
                // The weight test first: it reads the row in order, and once the heaviest edge so far is found (the
                // first free neighbour, when all edges weigh 1) it spares the random reads of match and nodeWeights.
                int v = colIdx[e];
                if (edgeWeights[e] > heaviest && match[v] == Unmatched && v != u && (long)nodeWeights[u] + nodeWeights[v] <= maxNodeWeight)
                    (partner, heaviest) = (v, edgeWeights[e]);
            }
            (match[u], match[partner]) = (partner, u);
            coarseCount++;
        }
        if (coarseCount > (1 - MinShrink) * n) return null;

        // Coarse ids follow the smaller fine id of each pair, so the coarse graph does not depend on thread timing.
        // Arrays that are written in full before any read skip the zeroing (contraction runs on every level of
        // every bisection).
        int[] coarseOf = GC.AllocateUninitializedArray<int>(n);
        int next = 0;
        for (int u = 0; u < n; u++)
            if (match[u] >= u) coarseOf[u] = coarseOf[match[u]] = next++;

        var coarseRowPtr = new int[coarseCount + 1];
        (int[] coarseColIdx, int[] coarseEdgeWeights) = scratch.EntryBuffers(graph.EntryCount);
        int[] coarseNodeWeights = GC.AllocateUninitializedArray<int>(coarseCount);
        Span<int> slot = scratch.Slot.AsSpan(0, coarseCount); // where coarse neighbour c sits in the row (stale when < row start)
        slot.Fill(-1);
        int write = 0;
        for (int u = 0; u < n; u++)
        {
            if (match[u] < u) continue;
            int c = coarseOf[u], rowStart = write;
            coarseNodeWeights[c] = nodeWeights[u] + (match[u] == u ? 0 : nodeWeights[match[u]]);
            for (int fine = u; ; fine = match[u])
            {
                for (int e = rowPtr[fine]; e < rowPtr[fine + 1]; e++)
                {
                    int cv = coarseOf[colIdx[e]];
                    if (cv == c) continue;
                    // Saturating: a weight that no longer fits an int is heavy enough for any decision made here.
                    if (slot[cv] >= rowStart) coarseEdgeWeights[slot[cv]] = (int)Math.Min(int.MaxValue, (long)coarseEdgeWeights[slot[cv]] + edgeWeights[e]);
                    else
                    {
                        slot[cv] = write;
                        coarseColIdx[write] = cv;
                        coarseEdgeWeights[write++] = edgeWeights[e];
                    }
                }
                if (fine == match[u]) break;
            }
            coarseRowPtr[c + 1] = write;
        }
        var coarse = new WeightedGraph(coarseRowPtr, coarseColIdx[..write], coarseEdgeWeights[..write], coarseNodeWeights, []);
        return (coarse, coarseOf);
    }
}
