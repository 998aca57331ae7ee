using ClusterGcn.Engine.Partitioning.Graphs;

namespace ClusterGcn.Engine.Partitioning.Multilevel.Initial;

/// <summary>Partitions the coarsest graph into k blocks by recursive bisection (METIS's initial partitioning). Each
/// bisection is itself multilevel: it contracts the subgraph, takes the best of several seeded tries of greedy graph
/// growing followed by 2-way FM, and refines with FM on the way back up.</summary>
public static class InitialPartitioner
{
    /// <summary>k-way coarsening stops once the graph has at most this many nodes plus entries: a graph that small is
    /// partitioned here directly, however far above <see cref="PartitionOptions.CoarseNodesPerBlock"/>·k nodes.</summary>
    /// <remarks>Recursive bisection is multilevel itself, and each bisection coarsens and refines its own subgraph
    /// for its own two-way split, which keeps the geometry k-way coarsening loses. Partitioning sbm-100k, mesh2d-300
    /// and mesh3d-40 (k = 64, sum of seeds 1–3) whole instead of from 30·k nodes cut 711K → 694K, 15.9K → 13.6K and
    /// 58.8K → 44.4K (gpmetis: 761K, 14.3K, 51.3K) in about the same time; bigger graphs first coarsen down to this
    /// size, which bounds the cost of the bisections. Power-law graphs with large blocks coarsen on to 30·k nodes
    /// regardless (see <see cref="Coarsening.Coarsener.Coarsen"/>): the cut margin there was worth less than the time.</remarks>
    public const long DirectWork = 1 << 22;

    /// <summary><see cref="DirectWork"/> for mesh-like graphs: half as large, since their bisections (two cycles each,
    /// see <see cref="MultilevelBisection"/>) are most of the partitioning time and k-way refinement of one more level
    /// keeps their cut. Seed 1 (2, 3), 1 thread, against 2²²: mesh2d-1000 k = 1500 cut 81280 → 82532 (81883 → 82286,
    /// 81637 → 82638; gpmetis 83163, 82970, 83153) in 4.0 s instead of 4.7; mesh3d-100 k = 1500 366308 → 369445
    /// (gpmetis 374914) in 4.9 s instead of 5.9; k = 64 cuts within 0.5%, 15-20% less time, 12-27 MB less peak memory.
    /// 2²⁰ cut more than gpmetis (mesh2d-1000 k = 1500, seed 2: 83336). Power-law graphs keep 2²²: sbm-100k (2.1M
    /// nodes + entries) coarsened once at k = 1500 cut 806807 instead of 781247 (gpmetis 783824).</summary>
    public const long MeshDirectWork = 1 << 21;

    /// <summary>Returns the block (0..k-1) of every node of <paramref name="coarsest"/>. Every block weighs at most
    /// <see cref="PartitionOptions.MaxBlockWeight"/> whenever recursive bisection can reach it (heavy nodes can make
    /// that impossible; refinement then rebalances). The result depends on the seed, never on the thread count.</summary>
    public static int[] Partition(CsrGraph coarsest, PartitionOptions options)
    {
        var part = new int[coarsest.NodeCount];
        if (options.Parts == 1 || part.Length == 0) return part;
        var graph = WeightedGraph.From(coarsest);
        long maxBlockWeight = options.MaxBlockWeight(graph.TotalNodeWeight, graph.NodeWeights.Max());
        int threads = options.EffectiveThreads;
        var scratches = new BisectionScratchPool();
        // Dense coarsest graphs of even degrees bisect as meshes do (two cycles, matching): Reddit-scale at k = 64, a
        // 1.9K-node coarsest graph of mean degree ~200, cut 28.3M so and 28.9M as a power-law graph (gpmetis 30.6M).
        bool powerLaw = !Coarsening.Coarsener.HasEvenDegrees(coarsest);
        long maxParallelCycleWork = ((long)coarsest.NodeCount + coarsest.EntryCount) / MultilevelBisection.ParallelCycleShare;
        RecursiveBisection.Partition(graph, options.Parts, maxBlockWeight, options,
            (subgraph, bounds, seed) => MultilevelBisection.Bisect(subgraph, bounds, powerLaw, Tries, seed, threads, scratches, maxParallelCycleWork), part);
        return part;
    }

    // Tries of growing + FM on the coarsest graph of a bisection: at most a few dozen nodes there, so they are cheap.
    private const int Tries = 12;
}
