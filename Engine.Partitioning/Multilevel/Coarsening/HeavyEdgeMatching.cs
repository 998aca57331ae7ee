using ClusterGcn.Engine.Partitioning.Graphs;
using ClusterGcn.Engine.Partitioning.Randomness;

namespace ClusterGcn.Engine.Partitioning.Multilevel.Coarsening;

/// <summary>Sorted heavy-edge matching (METIS's SHEM): pairs each node with the unmatched neighbour behind its heaviest
/// edge. Conservative (a level at most halves the graph), which suits meshes, where every node has a partner.</summary>
/// <remarks>The one matching of the partitioner: k-way coarsening calls <see cref="Match"/>, each multilevel bisection
/// calls <see cref="Pair{TGraph, TOptions}"/> on its own graphs.</remarks>
public static class HeavyEdgeMatching
{
    /// <summary>Marks a node no pair has taken yet.</summary>
    internal const int Unmatched = -1;

    // How many visits ahead the matching prefetches: enough to cover a memory latency of a few visits' work.
    private const int Lookahead = 16;

    /// <summary>Visits nodes in a seeded random order and pairs each unmatched node with the unmatched neighbour behind
    /// its heaviest edge, unless the pair would weigh more than <paramref name="maxClusterWeight"/>.</summary>
    /// <returns>A clustering whose clusters are the pairs and the unmatched nodes; an unmatched node's favourite is the
    /// cluster of its heaviest neighbour, so <see cref="TwoHopClustering"/> can still group it.</returns>
    public static Clustering Match(CsrGraph graph, long maxClusterWeight, ulong seed) =>
        WeightedView.Of(graph) is { } weighted ? Match(weighted, maxClusterWeight, seed) : Match(new CsrView(graph), maxClusterWeight, seed);

    /// <summary>As <see cref="Match(CsrGraph, long, ulong)"/>, on any graph view.</summary>
    internal static Clustering Match<TGraph>(TGraph graph, long maxClusterWeight, ulong seed) where TGraph : struct, IGraphView
    {
        int n = graph.NodeCount;
        int[] order = new SplitMix64(seed).Permutation(n);
        var label = new int[n];
        var favourite = new int[n];
        Array.Fill(favourite, -1);
        Pair<TGraph, KWayPairing>(graph, order, label, favourite, maxClusterWeight);

        // label holds each node's partner until here; a pair's cluster id is its smaller node.
        var clusterWeight = new long[n];
        for (int u = 0; u < n; u++)
        {
            label[u] = Math.Min(u, label[u]);
            clusterWeight[label[u]] += graph.NodeWeight(u);
        }
        // Favourites were recorded as nodes, before their clusters were known; two-hop groups by cluster.
        for (int u = 0; u < n; u++) favourite[u] = favourite[u] < 0 ? -1 : label[favourite[u]];
        return new Clustering(label, clusterWeight, favourite);
    }

    /// <summary>Visits the nodes in <paramref name="order"/> and pairs each unmatched node u with the unmatched
    /// neighbour behind its heaviest edge (the first in row order on ties; a zero-weight edge is no reason to merge)
    /// unless the pair would weigh more than <paramref name="maxPairWeight"/>.</summary>
    /// <param name="graph">An undirected graph, read through a view the JIT specialises this for.</param>
    /// <param name="order">The visiting order: a permutation of the graph's nodes.</param>
    /// <param name="partner">Out: the partner of every node, itself when it stays single.</param>
    /// <param name="strongest">Out, when <typeparamref name="TOptions"/> records it: for every node visited while
    /// still unmatched, the neighbour behind its heaviest edge, matched or not (−1 without a weighted edge); other
    /// entries are left as they were.</param>
    /// <param name="maxPairWeight">No pair weighs more.</param>
    /// <returns>The number of pairs and single nodes, i.e. of coarse nodes.</returns>
    internal static int Pair<TGraph, TOptions>(TGraph graph, ReadOnlySpan<int> order, Span<int> partner, Span<int> strongest, long maxPairWeight)
        where TGraph : struct, IGraphView where TOptions : struct, IPairingOptions
    {
        int n = order.Length;
        partner = partner[..n];
        partner.Fill(Unmatched);
        int coarseCount = 0;
        for (int i = 0; i < n; i++)
        {
            // A random order misses the cache on nearly every node: ask early for the node's state and row bounds
            // Lookahead visits ahead, and for its row when it is half as far, so the misses overlap (same matchings):
            // mesh2d-1000's initial partitioning ~10% faster, k-way coarsening of 1M- and 10M-node meshes 12-18%.
            if (i + Lookahead < n)
            {
                CacheHint.Prefetch(ref partner[order[i + Lookahead]]);
                graph.PrefetchRowBounds(order[i + Lookahead]);
            }
            if (i + Lookahead / 2 < n) graph.PrefetchRow(order[i + Lookahead / 2]);
            int u = order[i];
            if (partner[u] != Unmatched) continue;
            long room = maxPairWeight - graph.NodeWeight(u);
            int mate = u, heaviest = 0, strongestWeight = 0, strongestNode = -1;
            int[] cols = graph.RowEntries(u, out int[]? weights, out int start, out int end);
            for (int e = start; e < end; e++)
            {
                int v = cols[e], w = graph.EdgeWeight(weights, e);
                if (TOptions.RecordsStrongest && w > strongestWeight) (strongestWeight, strongestNode) = (w, v);
                // The weight test first: it reads the row in order, and once the heaviest edge so far is found (the
                // first free neighbour, when all edges weigh 1) it spares the random reads of partner and node weights.
                if (w > heaviest && partner[v] == Unmatched && v != u && graph.NodeWeight(v) <= room) (mate, heaviest) = (v, w);
            }
            (partner[u], partner[mate]) = (mate, u);
            if (TOptions.RecordsStrongest) strongest[u] = strongestNode;
            coarseCount++;
        }
        return coarseCount;
    }

    // k-way coarsening keeps each single node's strongest neighbour for the two-hop pass.
    private struct KWayPairing : IPairingOptions
    {
        public static bool RecordsStrongest => true;
    }
}

/// <summary>What a caller of <see cref="HeavyEdgeMatching.Pair{TGraph, TOptions}"/> wants besides the pairs; a struct,
/// so the JIT removes what is not asked for.</summary>
internal interface IPairingOptions
{
    /// <summary>Whether to record each visited node's strongest neighbour.</summary>
    static abstract bool RecordsStrongest { get; }
}
