using ClusterGcn.Engine.Partitioning.Randomness;

namespace ClusterGcn.Engine.Partitioning.Clusters;

/// <summary>Which clusters form each batch of an epoch: the cluster ids in a seeded random order, cut into groups of q
/// (the last group may be smaller), as in the Cluster-GCN paper's stochastic multiple partitions.</summary>
public static class ClusterSchedule
{
    /// <summary>The groups of epoch <paramref name="epoch"/>: a function of (seed, epoch) only, so a run can be
    /// replayed and every epoch differs.</summary>
    /// <exception cref="ArgumentOutOfRangeException">k or q is below 1.</exception>
    public static int[][] Groups(int clusters, int clustersPerBatch, ulong seed, int epoch)
    {
        if (clusters < 1) throw new ArgumentOutOfRangeException(nameof(clusters), $"clusters: k = {clusters} must be ≥ 1.");
        if (clustersPerBatch < 1)
            throw new ArgumentOutOfRangeException(nameof(clustersPerBatch), $"clusters per batch: q = {clustersPerBatch} must be ≥ 1.");
        var rng = new SplitMix64(SplitMix64.Derive(seed, (ulong)epoch));
        int[] shuffled = rng.Permutation(clusters);
        return [.. shuffled.Chunk(clustersPerBatch)];
    }
}
