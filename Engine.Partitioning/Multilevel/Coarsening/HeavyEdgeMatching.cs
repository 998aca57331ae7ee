using ClusterGcn.Engine.Partitioning.Graphs;
using ClusterGcn.Engine.Partitioning.Randomness;

namespace ClusterGcn.Engine.Partitioning.Multilevel.Coarsening;

/// <summary>Sorted heavy-edge matching (METIS's SHEM): pairs each node with the unmatched neighbour behind its heaviest
/// edge. Conservative (a level at most halves the graph), which suits meshes, where every node has a partner.</summary>
public static class HeavyEdgeMatching
{
    /// <summary>Visits nodes in a seeded random order and pairs each unmatched node with the unmatched neighbour behind
    /// its heaviest edge, unless the pair would weigh more than <paramref name="maxClusterWeight"/>.</summary>
    /// <returns>A clustering whose clusters are the pairs and the unmatched nodes; an unmatched node's favourite is the
    /// cluster of its heaviest neighbour, so <see cref="TwoHopClustering"/> can still group it.</returns>
    public static Clustering Match(CsrGraph graph, long maxClusterWeight, ulong seed)
    {
        int n = graph.NodeCount;
        var label = new int[n];
        var clusterWeight = new long[n];
        var favourite = new int[n];
        Array.Fill(label, -1);
        Array.Fill(favourite, -1);
        var rowPtr = graph.RowPtr;
        var colIdx = graph.ColIdx;
        var edgeWeights = graph.EdgeWeights;
        foreach (int u in new SplitMix64(seed).Permutation(n))
        {
            if (label[u] >= 0) continue;
            long room = maxClusterWeight - graph.NodeWeight(u);
            // Ties keep the first edge in CSR order. A zero-weight edge is no reason to merge.
            int partner = u, best = 0, heaviest = 0, strongest = -1;
            for (int e = rowPtr[u]; e < rowPtr[u + 1]; e++)
            {
                int v = colIdx[e], w = edgeWeights.IsEmpty ? 1 : edgeWeights[e];
                if (w > heaviest) (heaviest, strongest) = (w, v);
                if (w > best && label[v] < 0 && graph.NodeWeight(v) <= room) (partner, best) = (v, w);
            }
            int id = Math.Min(u, partner);
            label[u] = label[partner] = id;
            clusterWeight[id] = graph.NodeWeight(u) + (partner == u ? 0 : graph.NodeWeight(partner));
            favourite[u] = strongest; // only a node left single needs one
        }
        // Favourites were recorded as nodes, before their clusters were known; two-hop groups by cluster.
        for (int u = 0; u < n; u++) favourite[u] = favourite[u] < 0 ? -1 : label[favourite[u]];
        return new Clustering(label, clusterWeight, favourite);
    }
}
