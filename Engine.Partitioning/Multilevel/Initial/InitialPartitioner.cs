using System.Runtime.CompilerServices;
using ClusterGcn.Engine.Partitioning.Graphs;
using ClusterGcn.Engine.Partitioning.Randomness;

[assembly: InternalsVisibleTo("ClusterGcn.Engine.Tests")]

namespace ClusterGcn.Engine.Partitioning.Multilevel.Initial;

/// <summary>Partitions the coarsest graph into k blocks by recursive bisection (METIS's initial partitioning):
/// each bisection takes the best of several seeded tries of greedy graph growing followed by 2-way FM.</summary>
public static class InitialPartitioner
{
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
        RecursiveBisection.Partition(graph, options.Parts, maxBlockWeight, options,
            (subgraph, bounds, depth, seed) => Bisect(subgraph, bounds, TriesAt(depth), seed, threads), part);
        return part;
    }

    // The first bisections shape every block below them, so they get the most tries; deeper ones are many and small.
    private static int TriesAt(int depth) => Math.Max(3, 8 - 2 * depth);

    // The best of several tries (each seeded from the try number): the least overload, then the least cut, then the
    // lowest try number, so the winner does not depend on which thread finished first.
    internal static int[] Bisect(WeightedGraph graph, BisectionBounds bounds, int tries, ulong seed, int threads)
    {
        int n = graph.NodeCount;
        var results = new (int[] Side, long Cut, long Overload)[tries];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = n + graph.EntryCount >= RecursiveBisection.ParallelWork ? threads : 1 };
        Parallel.For(0, tries, parallel, () => new BisectionScratch(n), (attempt, _, scratch) =>
        {
            var random = new SplitMix64(SplitMix64.Derive(seed, (ulong)attempt));
            var side = new int[n];
            GreedyGraphGrowing.Grow(graph, bounds, ref random, side, scratch);
            (long cut, long overload) = TwoWayFm.Refine(graph, side, bounds, ref random, scratch);
            results[attempt] = (side, cut, overload);
            return scratch;
        }, _ => { });

        int best = 0;
        for (int t = 1; t < tries; t++)
            if (results[t].Overload < results[best].Overload || results[t].Overload == results[best].Overload && results[t].Cut < results[best].Cut)
                best = t;
        return results[best].Side;
    }
}
