namespace ClusterGcn.Engine.Partitioning.Multilevel.Coarsening;

/// <summary>Merges the nodes label propagation left alone: on power-law graphs many leaves and hub-attached nodes
/// want a cluster that is already full, and have no other neighbour to join, so the graph stops shrinking.</summary>
/// <remarks>Singletons that favour the same cluster are two hops apart through it, so grouping them (KaMinPar's
/// two-hop clustering) costs little cut; isolated nodes are grouped with each other. Sequential and O(n).</remarks>
public static class TwoHopClustering
{
    /// <summary>Moves every singleton of <paramref name="clustering"/> into the group of earlier singletons with the
    /// same favourite cluster (or, without a favourite, the group of isolated singletons) while the group stays
    /// within <paramref name="maxClusterWeight"/>; a singleton that does not fit starts a new group.</summary>
    /// <param name="clustering">Updated in place.</param>
    /// <param name="nodeWeight">Weight of every node (the graph's weights, 1 each when unweighted).</param>
    /// <param name="maxClusterWeight">The cap the clustering was made under.</param>
    /// <returns>The number of clusters afterwards.</returns>
    public static int MergeSingletons(Clustering clustering, Func<int, int> nodeWeight, long maxClusterWeight)
    {
        var (label, clusterWeight, favourite) = (clustering.Label, clustering.ClusterWeight, clustering.Favourite);
        int n = label.Length;
        var size = new int[n];
        foreach (int c in label) size[c]++;
        var groupOf = new int[n]; // favourite cluster -> the singleton whose cluster collects its followers
        Array.Fill(groupOf, -1);
        int isolatedGroup = -1;
        for (int u = 0; u < n; u++)
        {
            if (size[label[u]] != 1) continue;
            ref int group = ref favourite[u] < 0 ? ref isolatedGroup : ref groupOf[favourite[u]];
            int w = nodeWeight(u);
            if (group >= 0 && clusterWeight[label[group]] + w <= maxClusterWeight)
            {
                clusterWeight[label[u]] -= w;
                size[label[u]]--;
                label[u] = label[group];
                clusterWeight[label[u]] += w;
                size[label[u]]++;
            }
            else group = u;
        }
        int clusters = 0;
        foreach (int s in size) if (s > 0) clusters++;
        return clusters;
    }
}
