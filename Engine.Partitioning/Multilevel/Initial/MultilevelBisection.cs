using ClusterGcn.Engine.Partitioning.Randomness;

namespace ClusterGcn.Engine.Partitioning.Multilevel.Initial;

// One bisection, multilevel like METIS's: contract the graph down to a few dozen nodes (BisectionCoarsening), take the best of
// several seeded tries of greedy graph growing + FM there, then project the sides back level by level with an FM
// pass on each. Node weights add up under contraction, so the same bounds hold on every level.
internal static class MultilevelBisection
{
    // Coarsening stops at this many nodes: small enough that many tries cost little, big enough to hit the targets.
    private const int CoarsenTo = 80;

    // Above this many entries the cycles run one after the other, for memory (see RecursiveBisection.MaxParallelEntries).
    private const int MaxParallelCycleEntries = 1 << 24;

    // Cycles run side by side only on graphs of at most 1/this of the coarsest graph's nodes + entries. A cycle holds
    // its own hierarchy, contraction buffers and scratch, about 3x its graph's size, so two cycles of the first
    // bisections were the peak of the whole partitioning (mesh2d-1000, k = 64: two cycles on the 543K-node coarsest
    // graph, 340 MB peak RSS against 220 MB with one thread). From the second split on, the halves already run in
    // parallel, so the cycles of a graph a quarter the coarsest's size or less keep at most the memory of one cycle
    // of the coarsest graph in flight; only the first bisection loses its parallelism.
    public const int ParallelCycleShare = 4;

    // On meshes every bisection keeps the better of two independent multilevel cycles. Only the first two levels of
    // bisections used to, the deeper ones being many; but since small graphs are partitioned whole (DirectWork), the
    // deep ones decide a mesh's block boundaries: on mesh2d-300, k = 1500 (seeds 1-3) two cycles everywhere cut
    // 76948 → 74625 (gpmetis 76352) for ~35% more partition time; one cycle on mesh2d-1000 at k = 1500 cut 2% more.
    private const int MeshCycles = 2;

    // Power-law graphs gain little from the second cycle (seed 1, one cycle against two: sbm-100k k = 64 238K against
    // 240K, k = 1500 782K against 780K, gpmetis 249K and 784K; Reddit-scale k = 1500 55.20M against 55.19M, gpmetis
    // 55.22M) and it cost up to half the CPU time (sbm-100k k = 1500: 2.3 s against 4.3 s; Reddit-scale k = 1500:
    // 41 s against 56 s) and a third of the peak memory.
    private const int PowerLawCycles = 1;

    // The streams of one bisection: contraction, the tries at the coarsest level, FM on the way up.
    private const ulong CoarsenStream = 1, TriesStream = 2, RefineStream = 3;

    // The best of several independent multilevel bisections (cycles, each with its own contraction), by the same rule
    // as the tries at the coarsest level. powerLaw: the graph's degrees follow a power law rather than a mesh's.
    // maxParallelWork: the largest graph (nodes + entries) whose cycles may run side by side.
    public static int[] Bisect(WeightedGraph graph, BisectionBounds bounds, bool powerLaw, int tries, ulong seed, int threads,
        BisectionScratchPool scratches, long maxParallelWork)
    {
        int cycles = powerLaw ? PowerLawCycles : MeshCycles;
        var results = new (int[] Side, long Cut, long Overload)[cycles];
        long work = (long)graph.NodeCount + graph.EntryCount;
        bool parallel = threads > 1 && cycles > 1 && work >= RecursiveBisection.ParallelWork && work <= maxParallelWork
            && graph.EntryCount <= MaxParallelCycleEntries;
        Parallel.For(0, cycles, new ParallelOptions { MaxDegreeOfParallelism = parallel ? threads : 1 },
            cycle => results[cycle] = Cycle(graph, bounds, powerLaw, tries, SplitMix64.Derive(seed, (ulong)cycle), parallel ? 1 : threads, scratches));
        return results[Best(results)].Side;
    }

    private static (int[] Side, long Cut, long Overload) Cycle(WeightedGraph graph, BisectionBounds bounds, bool powerLaw, int tries, ulong seed, int threads,
        BisectionScratchPool scratches)
    {
        // One scratch for the contraction and FM of every level: the finest level is the biggest.
        BisectionScratch scratch = scratches.Rent(graph.NodeCount);
        var levels = new List<(WeightedGraph Fine, int[] CoarseOf)>();
        var random = new SplitMix64(SplitMix64.Derive(seed, CoarsenStream));
        // Coarse nodes stay light enough that the coarsest graph can still be split near the targets.
        long maxNodeWeight = Math.Clamp(3 * graph.TotalNodeWeight / (2 * CoarsenTo), 1, int.MaxValue);
        WeightedGraph coarse = graph;
        while (coarse.NodeCount > CoarsenTo && BisectionCoarsening.Contract(coarse, maxNodeWeight, powerLaw, ref random, scratch) is { } level)
        {
            levels.Add((coarse, level.CoarseOf));
            coarse = level.Coarse;
        }
        scratch.Rows.Release(); // contraction is over: the rest of the cycle needs memory for its own arrays

        var result = BestOfTries(coarse, bounds, tries, SplitMix64.Derive(seed, TriesStream), threads, scratches);
        random = new SplitMix64(SplitMix64.Derive(seed, RefineStream));
        for (int l = levels.Count - 1; l >= 0; l--)
        {
            (WeightedGraph fine, int[] coarseOf) = levels[l];
            int[] fineSide = GC.AllocateUninitializedArray<int>(fine.NodeCount); // written in full just below
            for (int u = 0; u < fineSide.Length; u++) fineSide[u] = result.Side[coarseOf[u]];
            (long cut, long overload) = TwoWayFm.Refine(fine, fineSide, bounds, ref random, scratch);
            result = (fineSide, cut, overload);
        }
        scratches.Return(scratch);
        return result;
    }

    // The best of several tries of growing + FM, each seeded from its try number.
    private static (int[] Side, long Cut, long Overload) BestOfTries(WeightedGraph graph, BisectionBounds bounds, int tries, ulong seed, int threads,
        BisectionScratchPool scratches)
    {
        int n = graph.NodeCount;
        var results = new (int[] Side, long Cut, long Overload)[tries];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = n + graph.EntryCount >= RecursiveBisection.ParallelWork ? threads : 1 };
        Parallel.For(0, tries, parallel, () => scratches.Rent(n), (attempt, _, scratch) =>
        {
            var random = new SplitMix64(SplitMix64.Derive(seed, (ulong)attempt));
            var side = new int[n];
            GreedyGraphGrowing.Grow(graph, bounds, ref random, side, scratch);
            (long cut, long overload) = TwoWayFm.Refine(graph, side, bounds, ref random, scratch);
            results[attempt] = (side, cut, overload);
            return scratch;
        }, scratches.Return);

        return results[Best(results)];
    }

    // The least overload, then the least cut, then the lowest index: independent of which thread finished first.
    private static int Best((int[] Side, long Cut, long Overload)[] results)
    {
        int best = 0;
        for (int t = 1; t < results.Length; t++)
            if (results[t].Overload < results[best].Overload || results[t].Overload == results[best].Overload && results[t].Cut < results[best].Cut)
                best = t;
        return best;
    }
}
