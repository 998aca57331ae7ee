using ClusterGcn.Engine.Partitioning.Graphs;
using ClusterGcn.Engine.Partitioning.Randomness;

namespace ClusterGcn.Engine.Partitioning.Multilevel.Coarsening;

/// <summary>A clustering of a graph's nodes: cluster ids are node ids (the node that founded the cluster).</summary>
/// <param name="Label">Cluster id of every node, in [0, n).</param>
/// <param name="ClusterWeight">Total node weight of every cluster id (0 for ids no node uses).</param>
/// <param name="Favourite">For every node, the neighbouring cluster other than its own it is most strongly tied to,
/// full or not; −1 when it has no weighted edge to another cluster.</param>
public sealed record Clustering(int[] Label, long[] ClusterWeight, int[] Favourite);

/// <summary>Size-constrained label propagation (KaMinPar's clustering): every node starts alone and, round after round,
/// joins the neighbouring cluster it has the most edge weight to, as long as that cluster stays within a weight cap.
/// Clusters follow communities, which is what keeps a power-law graph's structure through contraction.</summary>
/// <remarks>Deterministic in parallel: the nodes are visited in a seeded random order, cut into fixed chunks; within a
/// chunk every node decides in parallel against the labels and weights frozen at the chunk's start, then the moves are
/// committed one by one in visiting order, re-checking the cap. Chunks never depend on the thread count.</remarks>
public static class LabelPropagationClustering
{
    // Frozen decisions cannot see each other, so a chunk must be a small slice of the graph: at most this many nodes
    // (few of a node's neighbours then share its chunk) ...
    private const int NodesPerChunk = 2048;
    // ... and enough entries to keep the parallel decide worth its synchronisation.
    private const int EntriesPerPiece = 1 << 14;
    // The visiting order is random, so nearly every row is a cache miss: a node's row bounds are asked for this many
    // visits ahead and its row half as far, so the misses overlap (sbm-100k: the clustering ~10% faster; 8 and 32
    // did the same).
    private const int Lookahead = 16;

    /// <summary>Clusters <paramref name="graph"/> with at most <paramref name="rounds"/> rounds of label propagation.</summary>
    /// <param name="graph">An undirected graph.</param>
    /// <param name="maxClusterWeight">No node joins a cluster that would then weigh more; a node heavier than this stays alone.</param>
    /// <param name="rounds">Rounds over all nodes; a round that moves almost nothing ends the clustering early.</param>
    /// <param name="seed">Seeds the visiting order and the tie-breaks.</param>
    /// <param name="threads">Worker threads; the result is the same for any count.</param>
    public static Clustering Cluster(CsrGraph graph, long maxClusterWeight, int rounds, ulong seed, int threads) =>
        WeightedView.Of(graph) is { } weighted
            ? Cluster(weighted, maxClusterWeight, rounds, seed, threads)
            : Cluster(new CsrView(graph), maxClusterWeight, rounds, seed, threads);

    /// <summary>As <see cref="Cluster(CsrGraph, long, int, ulong, int)"/>, on any graph view.</summary>
    internal static Clustering Cluster<TGraph>(TGraph graph, long maxClusterWeight, int rounds, ulong seed, int threads)
        where TGraph : struct, IGraphView
    {
        int n = graph.NodeCount;
        var label = new int[n];
        var clusterWeight = new long[n];
        var favourite = new int[n];
        for (int u = 0; u < n; u++) (label[u], clusterWeight[u], favourite[u]) = (u, graph.NodeWeight(u), -1);

        var scratch = new RatingScratch[Math.Max(1, threads)];
        for (int t = 0; t < scratch.Length; t++) scratch[t] = new RatingScratch(n);
        var decision = new int[NodesPerChunk];
        var work = new long[NodesPerChunk + 1];
        for (int round = 0; round < rounds; round++)
        {
            ulong roundSeed = SplitMix64.Derive(seed, (ulong)round);
            int[] order = new SplitMix64(roundSeed).Permutation(n);
            long moved = 0;
            for (int chunkStart = 0; chunkStart < n; chunkStart += NodesPerChunk)
            {
                int chunkEnd = Math.Min(n, chunkStart + NodesPerChunk);
                for (int i = chunkStart; i < chunkEnd; i++)
                    work[i - chunkStart + 1] = work[i - chunkStart] + graph.Degree(order[i]) + 1;
                int[] pieces = ParallelWork.RangesByWork(chunkEnd - chunkStart, EntriesPerPiece, i => work[i]);
                ParallelWork.Run(pieces.Length - 1, scratch, (s, p) =>
                {
                    for (int i = pieces[p]; i < pieces[p + 1]; i++)
                    {
                        int at = chunkStart + i;
                        if (at + Lookahead < n) graph.PrefetchRowBounds(order[at + Lookahead]);
                        if (at + Lookahead / 2 < n) graph.PrefetchRow(order[at + Lookahead / 2]);
                        decision[i] = s.Decide(graph, order[at], label, clusterWeight, maxClusterWeight, roundSeed, favourite);
                    }
                });
                for (int i = chunkStart; i < chunkEnd; i++)
                {
                    int u = order[i], target = decision[i - chunkStart], w = graph.NodeWeight(u);
                    // An emptied target was the other half of a swap decided in the same chunk: joining it would only
                    // trade places, so the node stays and the pair ends up together.
                    if (target == label[u] || clusterWeight[target] == 0 || clusterWeight[target] + w > maxClusterWeight) continue;
                    clusterWeight[label[u]] -= w;
                    clusterWeight[target] += w;
                    label[u] = target;
                    moved++;
                }
            }
            if (moved * 1000 < n) break;
        }
        return new Clustering(label, clusterWeight, favourite);
    }

    // One worker's rating table: the edge weight from the node being decided to each cluster it touches.
    private sealed class RatingScratch(int n)
    {
        private readonly long[] rating = new long[n];
        private readonly int[] touched = new int[n];

        public int Decide<TGraph>(TGraph graph, int u, int[] label, long[] clusterWeight, long maxClusterWeight, ulong seed, int[] favourite)
            where TGraph : struct, IGraphView
        {
            int[] cols = graph.RowEntries(u, out int[]? weights, out int start, out int end);
            int count = 0;
            for (int e = start; e < end; e++)
            {
                int c = label[cols[e]];
                if (rating[c] == 0) touched[count++] = c; // zero-weight edges may list c twice: harmless, see below
                rating[c] += graph.EdgeWeight(weights, e);
            }

            int own = label[u];
            long room = maxClusterWeight - graph.NodeWeight(u);
            int best = own, fav = -1;
            long bestRating = rating[own], favRating = 0;
            for (int i = 0; i < count; i++)
            {
                int c = touched[i];
                long r = rating[c];
                rating[c] = 0;
                if (c == own || r == 0) continue;
                // Tie hashes only for equal ratings: hashing every candidate took ~15% of the clustering's time (on a
                // fresh level a node touches as many clusters as it has neighbours).
                if (r > favRating || (r == favRating && Tie(seed, u, c) > Tie(seed, u, fav))) (fav, favRating) = (c, r);
                if (clusterWeight[c] <= room && (r > bestRating || (r == bestRating && Tie(seed, u, c) > Tie(seed, u, best))))
                    (best, bestRating) = (c, r);
            }
            favourite[u] = fav;
            return best;
        }

        // Equal ratings are broken by a seeded hash of (node, cluster), not by neighbour order.
        private static ulong Tie(ulong seed, int u, int c) => SplitMix64.At(seed, ((long)u << 31) | (uint)c);
    }
}
