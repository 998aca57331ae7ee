using ClusterGcn.Engine.Partitioning.Graphs;

namespace ClusterGcn.Engine.Partitioning.Multilevel.Coarsening;

/// <summary>Builds the hierarchy of ever coarser graphs: cluster, merge the singletons the clustering leaves, contract,
/// repeat. Irregular (power-law) graphs are clustered by size-constrained label propagation, which follows their
/// communities; mesh-like graphs by heavy-edge matching, whose gentler pairwise steps keep their geometry.</summary>
public static class Coarsener
{
    private const ulong Phase = 0xC0A25E;
    private const int LabelPropagationRounds = 5;
    // A coarse node may weigh this many times the average node of a graph of CoarseNodesPerBlock·k nodes: 20 lets a
    // cluster reach two thirds of an average block. METIS uses 1.5; on power-law SBMs at k = 64 the final cut fell as
    // the cap grew (Reddit-scale, mean of 3 seeds: 5 → 30.8M, 10 → 30.6M, 20 → 29.5M, 30 → 30.1M; gpmetis 29.9M),
    // k = 1500 and meshes hardly moved. Heavy coarse nodes are safe: the refiner can always rebalance at level 0,
    // where every node weighs 1.
    private const double MaxClusterWeightFactor = 20;
    // ... unless strong partitioning is asked for and a power-law graph's blocks are small (average weight below SmallBlockWeight): a block of a few
    // hundred nodes is then made of a few dense spots of the graph, which big clusters blur, and recursive bisection
    // of a finer coarsest graph finds them. Reddit-scale at k = 1500 (blocks of 155 nodes), seed 1, cut by factor:
    // 20 → 55.41M (coarsest graph 6.2K nodes), 1 → 55.28M (40K), 0.7 → 55.23M, 0.5 → 55.19M (78K nodes; gpmetis
    // 55.22M), at about 3× the CPU time and 5× the peak memory of factor 20 (4.4 GB with two bisection cycles, 3.9 GB
    // with the one power-law graphs now get; gpmetis 3.8 GB). Heavy-edge
    // matching instead of clustering: 55.44M; more levels of a growing cap, refined k-way on each: 55.39-55.44M.
    private const double SmallBlockClusterWeightFactor = 0.5;
    private const long SmallBlockWeight = 1000;
    // A level that removes less than this fraction of the nodes shows the graph has stopped shrinking.
    private const double MinShrink = 0.05;
    // Degrees varying less than this (standard deviation over mean) mark a mesh-like graph. Grids and FE meshes lie
    // far below (≤ 0.3), power-law graphs far above (> 1).
    private const double MeshDegreeVariation = 0.5;

    /// <summary>Contracts <paramref name="graph"/> level by level until it has at most
    /// <see cref="PartitionOptions.CoarseNodesPerBlock"/>·k nodes, at most <paramref name="stopWork"/> nodes plus
    /// entries, or stops shrinking.</summary>
    /// <remarks><paramref name="stopWork"/> does not apply to power-law graphs with large blocks (average weight of
    /// at least 1000): label propagation's clusters follow their communities, so coarsening on to 30·k nodes costs
    /// little cut, and the recursive bisection of a graph that size costs little time. sbm-100k at k = 64, seed 1:
    /// cut 227K → 240K (gpmetis 249K) for 0.5 s of CPU instead of 1.6 s and 62 MB peak instead of 268 MB. Meshes
    /// (whose geometry k-way coarsening loses) and small blocks (see SmallBlockWeight) keep it.</remarks>
    /// <param name="graph">An undirected graph.</param>
    /// <param name="options">k, seed and threads.</param>
    /// <param name="stopWork">A graph this small (nodes + entries) is coarse enough whatever k; 0 coarsens down to
    /// <see cref="PartitionOptions.CoarseNodesPerBlock"/>·k nodes.</param>
    public static GraphHierarchy Coarsen(CsrGraph graph, PartitionOptions options, long stopWork = 0)
    {
        var levels = new GraphHierarchy(graph);
        if (options.Parts <= 1 || graph.NodeCount == 0) return levels;
        long totalWeight = PartitionMetrics.TotalNodeWeight(graph);
        bool meshLike = IsMeshLike(graph);
        bool smallBlocks = totalWeight / options.Parts < SmallBlockWeight;
        if (!meshLike && !smallBlocks) stopWork = 0;
        long target = (long)PartitionOptions.CoarseNodesPerBlock * options.Parts;
        bool CoarseEnough(CsrGraph g) => g.NodeCount <= target || g.NodeCount + g.EntryCount <= stopWork;
        if (CoarseEnough(graph)) return levels;

        double factor = !meshLike && smallBlocks && options.Strong ? SmallBlockClusterWeightFactor : MaxClusterWeightFactor;
        long maxClusterWeight = Math.Max(1, (long)Math.Ceiling(factor * totalWeight / target));
        int threads = options.EffectiveThreads;
        for (int level = 0; !CoarseEnough(levels.Coarsest); level++)
        {
            CsrGraph fine = levels.Coarsest;
            ulong seed = options.SeedFor(Phase, (ulong)level);
            Clustering clustering = meshLike
                ? HeavyEdgeMatching.Match(fine, maxClusterWeight, seed)
                : LabelPropagationClustering.Cluster(fine, maxClusterWeight, LabelPropagationRounds, seed, threads);
            int clusters = TwoHopClustering.MergeSingletons(clustering, fine.NodeWeight, maxClusterWeight);
            // A level that barely shrinks is not contracted at all: on a dense graph it would cost a copy of nearly
            // all its entries (hundreds of MB at Reddit scale) and a refinement pass, for nothing.
            if (clusters > (1 - MinShrink) * fine.NodeCount) break;
            var (coarse, cmap) = Contraction.Contract(fine, clustering.Label, threads);
            levels.Push(coarse, cmap);
        }
        return levels;
    }

    // Standard deviation of the degrees over their mean; 0 for a graph without edges.
    /// <summary>Whether <paramref name="graph"/>'s degrees vary as little as a mesh's (standard deviation under half
    /// the mean), rather than following a power law.</summary>
    internal static bool IsMeshLike(CsrGraph graph) => DegreeVariation(graph) < MeshDegreeVariation;

    private static double DegreeVariation(CsrGraph graph)
    {
        int n = graph.NodeCount;
        double mean = (double)graph.EntryCount / n, squares = 0;
        if (mean == 0) return 0;
        for (int u = 0; u < n; u++)
        {
            double d = graph.Degree(u) - mean;
            squares += d * d;
        }
        return Math.Sqrt(squares / n) / mean;
    }
}
