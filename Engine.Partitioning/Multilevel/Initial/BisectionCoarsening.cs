using ClusterGcn.Engine.Partitioning.Multilevel.Coarsening;
using ClusterGcn.Engine.Partitioning.Randomness;

namespace ClusterGcn.Engine.Partitioning.Multilevel.Initial;

// Contraction of a random heavy-edge matching, so each bisection can be multilevel like METIS's: region growing and
// FM see the whole structure on a small graph, then FM only polishes on the way back up. The matching and the row
// building are k-way coarsening's (HeavyEdgeMatching.Pair, CoarseRows.Build); what is kept here is what a
// bisection's many small contractions need: the working arrays of one reused scratch, and no parallel machinery.
internal static class BisectionCoarsening
{
    // A matching that removes fewer nodes than this fraction is not worth a level (hubs and stars match poorly).
    private const double MinShrink = 0.1;

    // Pairs each node, in a seeded random order, with the unmatched neighbour behind its heaviest edge unless the
    // pair would weigh more than maxNodeWeight, and contracts the pairs. Returns null when the graph barely shrinks;
    // coarseOf[u] is the coarse node of u. The working arrays come from scratch (capacity ≥ n).
    public static (WeightedGraph Coarse, int[] CoarseOf)? Contract(WeightedGraph graph, long maxNodeWeight, ref SplitMix64 random,
        BisectionScratch scratch)
    {
        int n = graph.NodeCount;
        WeightedView view = graph.View;
        Span<int> match = scratch.Match.AsSpan(0, n);
        Span<int> order = scratch.RandomOrder(ref random, n);
        int coarseCount = HeavyEdgeMatching.Pair<WeightedView, BisectionPairing>(view, order, match, [], maxNodeWeight);
        if (coarseCount > (1 - MinShrink) * n) return null;

        // Coarse ids follow the smaller fine id of each pair, the order in which k-way contraction numbers clusters
        // too. Arrays that are written in full before any read skip the zeroing (contraction runs on every level of
        // every bisection).
        int[] coarseOf = GC.AllocateUninitializedArray<int>(n);
        int[] coarseNodeWeights = GC.AllocateUninitializedArray<int>(coarseCount);
        int[] nodeWeights = graph.NodeWeights, memberStart = scratch.MemberStart;
        Span<int> members = order; // the matching is done with the order; its array lists the coarse nodes' members now
        int next = 0, listed = 0;
        for (int u = 0; u < n; u++)
        {
            int partner = match[u];
            if (partner < u) continue;
            memberStart[next] = listed;
            members[listed++] = u;
            coarseNodeWeights[next] = nodeWeights[u];
            if (partner != u)
            {
                members[listed++] = partner;
                coarseNodeWeights[next] += nodeWeights[partner];
            }
            coarseOf[u] = coarseOf[partner] = next++;
        }
        memberStart[next] = listed;

        var coarseRowPtr = new int[coarseCount + 1];
        CoarseRows rows = scratch.Rows;
        rows.Reserve(graph.EntryCount);
        rows.Build<WeightedView, SaturatingWeightSum>(view, coarseOf, memberStart, members, 0, coarseCount, coarseRowPtr);
        for (int c = 0; c < coarseCount; c++) coarseRowPtr[c + 1] += coarseRowPtr[c]; // degrees until here
        var coarse = new WeightedGraph(coarseRowPtr, rows.Cols.ToArray(), rows.Weights.ToArray(), coarseNodeWeights, []);
        return (coarse, coarseOf);
    }

    // The random order misses the cache on nearly every node, and a bisection's graphs are small enough that the
    // two-hop pass, which the strongest neighbours would serve, is not needed.
    private struct BisectionPairing : IPairingOptions
    {
        public static bool Prefetch => true;

        public static bool RecordsStrongest => false;
    }
}
