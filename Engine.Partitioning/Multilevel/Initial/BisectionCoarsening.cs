using ClusterGcn.Engine.Partitioning.Multilevel.Coarsening;
using ClusterGcn.Engine.Partitioning.Randomness;

namespace ClusterGcn.Engine.Partitioning.Multilevel.Initial;

// One level of a bisection's own coarsening, so each bisection can be multilevel like METIS's: region growing and FM
// see the whole structure on a small graph, then FM only polishes on the way back up. Mesh-like graphs contract a
// random heavy-edge matching; large levels of power-law graphs contract size-constrained label propagation clusters,
// as k-way coarsening does (the matching, the clustering and the row building are k-way coarsening's:
// HeavyEdgeMatching.Pair, LabelPropagationClustering, CoarseRows.Build). What is kept here is what a bisection's many
// small contractions need: the working arrays of one reused scratch, and no parallel machinery.
internal static class BisectionCoarsening
{
    // A level that removes fewer nodes than this fraction is not worth it (hubs and stars match poorly).
    private const double MinShrink = 0.1;

    // Matching barely shrinks a power-law graph's entries (a hub keeps its row through every level): on sbm-100k the
    // first bisection's levels held 5.3 times its 2M entries, the peak of the whole partitioning. Label propagation
    // contracts such a level to a few hundred nodes at once. Below this many nodes the matching takes over again: on
    // small dense coarsest graphs its gentler steps cut less (Reddit-scale at k = 64, a 1.9K-node coarsest graph:
    // 28.3M with matching, 30.2M with clustering; gpmetis 30.6M).
    public const int PropagationMinNodes = 10_000;

    private const int PropagationRounds = 5;

    // Clusters the graph (see above) under maxNodeWeight and contracts the clusters. Returns null when the graph
    // barely shrinks; coarseOf[u] is the coarse node of u. The working arrays come from scratch (capacity ≥ n).
    public static (WeightedGraph Coarse, int[] CoarseOf)? Contract(WeightedGraph graph, long maxNodeWeight, bool powerLaw, ref SplitMix64 random,
        BisectionScratch scratch) =>
        graph.EdgeWeights is { } edgeWeights
            ? Contract(graph, new WeightedView(graph.RowPtr, graph.ColIdx, edgeWeights, graph.NodeWeights), maxNodeWeight, powerLaw, ref random, scratch)
            : Contract(graph, new CsrView(graph.RowPtr, graph.ColIdx, null, graph.NodeWeights), maxNodeWeight, powerLaw, ref random, scratch);

    // As above, reading graph through view: its weights materialised, or unit edge weights.
    private static (WeightedGraph Coarse, int[] CoarseOf)? Contract<TGraph>(WeightedGraph graph, TGraph view, long maxNodeWeight, bool powerLaw,
        ref SplitMix64 random, BisectionScratch scratch)
        where TGraph : struct, IGraphView
    {
        int n = graph.NodeCount;
        // Each node's cluster as one of its nodes: the smaller node of a pair, or the node that founded a cluster.
        Span<int> representative = scratch.Match.AsSpan(0, n);
        int coarseCount;
        if (powerLaw && n >= PropagationMinNodes)
        {
            var clustering = LabelPropagationClustering.Cluster(view, maxNodeWeight, PropagationRounds, random.Next(), threads: 1);
            coarseCount = TwoHopClustering.MergeSingletons(clustering, view.NodeWeight, maxNodeWeight);
            clustering.Label.CopyTo(representative);
        }
        else
        {
            coarseCount = HeavyEdgeMatching.Pair<TGraph, BisectionPairing>(view, scratch.RandomOrder(ref random, n), representative, [],
                maxNodeWeight);
            for (int u = 0; u < n; u++) representative[u] = Math.Min(u, representative[u]);
        }
        if (coarseCount > (1 - MinShrink) * n) return null;

        // Numbered and listed as k-way contraction numbers and lists clusters. Arrays that are written in full before
        // any read skip the zeroing (contraction runs on every level of every bisection).
        int[] coarseOf = GC.AllocateUninitializedArray<int>(n);
        Contraction.NumberClusters(representative, coarseOf, scratch.CoarseIds);
        int[] memberStart = scratch.MemberStart;
        Span<int> members = representative; // read up: lists the coarse nodes' members from here on
        Contraction.MembersByCoarseNode(coarseOf, coarseCount, memberStart, members, scratch.CoarseIds);
        int[] coarseNodeWeights = new int[coarseCount], nodeWeights = graph.NodeWeights;
        for (int u = 0; u < n; u++) coarseNodeWeights[coarseOf[u]] += nodeWeights[u]; // at most maxNodeWeight, an int

        var coarseRowPtr = new int[coarseCount + 1];
        CoarseRows rows = scratch.Rows;
        // A coarse graph has no more entries than the fine one, nor than one per ordered pair of coarse nodes: label
        // propagation contracts a dense subgraph of tens of millions of entries into a few hundred nodes.
        rows.Reserve((int)Math.Min(graph.EntryCount, (long)coarseCount * (coarseCount - 1)));
        rows.Build<TGraph, SaturatingWeightSum>(view, coarseOf, memberStart, members, 0, coarseCount, coarseRowPtr);
        for (int c = 0; c < coarseCount; c++) coarseRowPtr[c + 1] += coarseRowPtr[c]; // degrees until here
        var coarse = new WeightedGraph(coarseRowPtr, rows.Cols.ToArray(), rows.Weights.ToArray(), coarseNodeWeights, []);
        return (coarse, coarseOf);
    }

    // A bisection's graphs are small enough that the two-hop pass, which the strongest neighbours would serve, is not needed.
    private struct BisectionPairing : IPairingOptions
    {
        public static bool RecordsStrongest => false;
    }
}
