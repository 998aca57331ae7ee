using ClusterGcn.Engine.Partitioning.Graphs;

namespace ClusterGcn.Engine.Partitioning.Multilevel.Coarsening;

/// <summary>Builds the hierarchy of ever coarser graphs: cluster by size-constrained label propagation, merge the
/// singletons it leaves, contract, repeat.</summary>
public static class Coarsener
{
    private const ulong Phase = 0xC0A25E;
    private const int Rounds = 5;
    // A coarse node may weigh this many times the average node of a graph of CoarseNodesPerBlock·k nodes (METIS: 1.5),
    // so the coarsest graph still has ~CoarseNodesPerBlock nodes per block to balance with.
    private const double MaxClusterWeightFactor = 1.5;
    // A level that removes less than this fraction of the nodes shows the graph has stopped shrinking.
    private const double MinShrink = 0.05;

    /// <summary>Contracts <paramref name="graph"/> level by level until it has at most
    /// <see cref="PartitionOptions.CoarseNodesPerBlock"/>·k nodes or stops shrinking.</summary>
    public static GraphHierarchy Coarsen(CsrGraph graph, PartitionOptions options)
    {
        var levels = new GraphHierarchy(graph);
        long target = (long)PartitionOptions.CoarseNodesPerBlock * options.Parts;
        if (options.Parts <= 1 || graph.NodeCount <= target) return levels;

        long total = PartitionMetrics.TotalNodeWeight(graph);
        long maxClusterWeight = Math.Max(1, (long)Math.Ceiling(MaxClusterWeightFactor * total / target));
        int threads = options.EffectiveThreads;
        for (int level = 0; levels.Coarsest.NodeCount > target; level++)
        {
            CsrGraph fine = levels.Coarsest;
            Clustering clustering = LabelPropagationClustering.Cluster(fine, maxClusterWeight, Rounds, options.SeedFor(Phase, (ulong)level), threads);
            int clusters = TwoHopClustering.MergeSingletons(clustering, fine.NodeWeight, maxClusterWeight);
            if (clusters == fine.NodeCount) break;
            var (coarse, cmap) = Contraction.Contract(fine, clustering.Label, threads);
            levels.Push(coarse, cmap);
            if (clusters > (1 - MinShrink) * fine.NodeCount) break;
        }
        return levels;
    }
}
