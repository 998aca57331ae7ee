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
    // ... and so does a mean degree of at most this. Meshes are sparse: 4 to 26 neighbours (3-D with diagonals), ~28
    // on their coarsest levels. Dense graphs of even degrees are communities, not geometry: on a 1M-node planted
    // partition (communities of 256, degree ~138, 1.7% of the degree variation), matching cut 113K edges in 3.4 s and
    // 2.97 GB, label propagation 94K in 1.9 s and 0.69 GB (gpmetis: 105K, 2.5 s, 2.46 GB).
    private const double MeshMaxMeanDegree = 40;

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
        var (below, inputMap) = CoarsenBelow(graph, options, stopWork);
        if (below is null) return levels;
        levels.Push(below[0], inputMap!);
        for (int level = 1; level < below.Count; level++) levels.Push(below[level], below.CoarseMap(level));
        return levels;
    }

    /// <summary>As <see cref="CoarsenBelow{TGraph}"/>, reading a weighted graph through the view that skips the weight checks.</summary>
    internal static (GraphHierarchy? Below, int[]? InputMap) CoarsenBelow(CsrGraph graph, PartitionOptions options, long stopWork) =>
        WeightedView.Of(graph) is { } weighted ? CoarsenBelow(weighted, options, stopWork) : CoarsenBelow(new CsrView(graph), options, stopWork);

    /// <summary>As <see cref="Coarsen"/>, on any graph view: the levels below the input, as a hierarchy whose level
    /// 0 is the input's first contraction, and the map from the input's nodes into it; (null, null) when the input
    /// is coarse enough as it is or does not shrink. The input is read only for the first contraction, which makes a
    /// <see cref="CsrGraph"/> of it, so a <see cref="LargeCsrGraph"/> becomes an ordinary graph after one level.</summary>
    /// <remarks>Coarse weights are ints: a graph whose nodes, or edges, weigh more than an int in all is coarsened
    /// with those weights scaled down until they fit (the coarse levels then weigh in those units; the input is
    /// refined with its own weights), so its clusters are those of the same graph with smaller weights. Without the
    /// scale a 1M-node grid whose edges weigh 2^30 saturated its coarse edges (one edge between two pairs weighed as
    /// much as two) and cut 25% more than the same grid with unit weights; gpmetis crashes on it.</remarks>
    internal static (GraphHierarchy? Below, int[]? InputMap) CoarsenBelow<TGraph>(TGraph graph, PartitionOptions options, long stopWork)
        where TGraph : struct, IGraphView
    {
        var (nodeScale, edgeScale) = ScaledView<TGraph>.ScalesOf(graph);
        return nodeScale > 1 || edgeScale > 1
            ? CoarsenLevels(new ScaledView<TGraph>(graph, nodeScale, edgeScale), options, stopWork)
            : CoarsenLevels(graph, options, stopWork);
    }

    private static (GraphHierarchy? Below, int[]? InputMap) CoarsenLevels<TGraph>(TGraph graph, PartitionOptions options, long stopWork)
        where TGraph : struct, IGraphView
    {
        if (options.Parts <= 1 || graph.NodeCount == 0) return (null, null);
        long totalWeight = PartitionMetrics.TotalNodeWeight(graph);
        bool meshLike = IsMeshLike(graph);
        bool smallBlocks = totalWeight / options.Parts < SmallBlockWeight;
        if (!meshLike && !smallBlocks) stopWork = 0;
        long target = (long)PartitionOptions.CoarseNodesPerBlock * options.Parts;
        bool CoarseEnough(int nodes, long entries) => nodes <= target || nodes + entries <= stopWork;
        if (CoarseEnough(graph.NodeCount, graph.EntryCount)) return (null, null);

        double factor = !meshLike && smallBlocks && options.Strong ? SmallBlockClusterWeightFactor : MaxClusterWeightFactor;
        // A coarse node's weight is an int (scaled weights still add up to a little more: each rounds up).
        long maxClusterWeight = Math.Clamp((long)Math.Ceiling(factor * totalWeight / target), 1, int.MaxValue);
        var settings = new LevelSettings(meshLike, maxClusterWeight, options);
        if (Contract(graph, settings, level: 0) is not var (first, inputMap)) return (null, null);
        var levels = new GraphHierarchy(first);
        for (int level = 1; !CoarseEnough(levels.Coarsest.NodeCount, levels.Coarsest.EntryCount); level++)
        {
            CsrGraph fine = levels.Coarsest;
            var next = WeightedView.Of(fine) is { } weighted ? Contract(weighted, settings, level) : Contract(new CsrView(fine), settings, level);
            if (next is not var (coarse, cmap)) break;
            levels.Push(coarse, cmap);
        }
        return (levels, inputMap);
    }

    // What every level of one coarsening shares, drawn from its input.
    private readonly record struct LevelSettings(bool MeshLike, long MaxClusterWeight, PartitionOptions Options);

    // Clusters fine, merges the singletons and contracts; null when the level would barely shrink.
    private static (CsrGraph Coarse, int[] CoarseMap)? Contract<TGraph>(TGraph fine, LevelSettings settings, int level)
        where TGraph : struct, IGraphView
    {
        var options = settings.Options;
        ulong seed = options.SeedFor(Phase, (ulong)level);
        int threads = options.EffectiveThreads;
        Clustering clustering = settings.MeshLike
            ? HeavyEdgeMatching.Match(fine, settings.MaxClusterWeight, seed)
            : LabelPropagationClustering.Cluster(fine, settings.MaxClusterWeight, LabelPropagationRounds, seed, threads);
        int clusters = TwoHopClustering.MergeSingletons(clustering, fine.NodeWeight, settings.MaxClusterWeight);
        // A level that barely shrinks is not contracted at all: on a dense graph it would cost a copy of nearly
        // all its entries (hundreds of MB at Reddit scale) and a refinement pass, for nothing.
        if (clusters > (1 - MinShrink) * fine.NodeCount) return null;
        // Edge weights add up with saturation: the scaled weights of CoarsenBelow still round up, a little each.
        return Contraction.Contract<TGraph, SaturatingWeightSum>(fine, clustering.Label, threads);
    }

    /// <summary>Whether <paramref name="graph"/> looks like a mesh: sparse (mean degree at most 40) with degrees that
    /// vary little, rather than power-law, or dense and clustered.</summary>
    internal static bool IsMeshLike(CsrGraph graph) => IsMeshLike(new CsrView(graph));

    internal static bool IsMeshLike<TGraph>(TGraph graph) where TGraph : struct, IGraphView =>
        graph.NodeCount > 0 && (double)graph.EntryCount / graph.NodeCount <= MeshMaxMeanDegree && HasEvenDegrees(graph);

    /// <summary>Whether <paramref name="graph"/>'s degrees vary as little as a mesh's (standard deviation under half
    /// the mean) rather than following a power law, however dense it is.</summary>
    internal static bool HasEvenDegrees(CsrGraph graph) => HasEvenDegrees(new CsrView(graph));

    private static bool HasEvenDegrees<TGraph>(TGraph graph) where TGraph : struct, IGraphView => DegreeVariation(graph) < MeshDegreeVariation;

    // Standard deviation of the degrees over their mean; 0 for a graph without edges.
    private static double DegreeVariation<TGraph>(TGraph graph) where TGraph : struct, IGraphView
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
