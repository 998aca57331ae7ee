namespace ClusterGcn.Engine.Partitioning.Multilevel.Initial;

// k-way partitioning by recursive bisection: split k into ⌈k/2⌉ and ⌊k/2⌋ blocks, bisect the graph in proportion,
// and recurse on each side's induced subgraph. The two halves are independent, so they run in parallel when they are
// big enough to pay for it; each bisection's seed derives from its block range, so the result is the same on any
// thread count.
internal static class RecursiveBisection
{
    // Returns side 0/1 per node of a (sub)graph.
    public delegate int[] Bisector(WeightedGraph graph, BisectionBounds bounds, ulong seed);

    // "INIT" in ASCII: the seed phase of initial partitioning, distinct from the other phases' streams.
    private const ulong SeedPhase = 0x494E4954;

    // Below this many nodes plus entries a subproblem runs on the calling thread: a task costs more than it saves.
    public const int ParallelWork = 20_000;

    // Above this many entries the two halves of a split run one after the other: each bisection of a dense graph
    // holds a hierarchy of graphs several times its size, and on the Reddit-scale graph at k = 1500 (a coarsest graph
    // of 78K nodes and 85M entries) running the big ones side by side took peak memory past 6 GB.
    public const int MaxParallelEntries = 50_000_000;

    // Writes the block of every node of graph to part[origin], blocks numbered from 0 up to parts - 1.
    public static void Partition(WeightedGraph graph, int parts, long maxBlockWeight, PartitionOptions options, Bisector bisect, int[] part)
    {
        Split(graph, parts, firstBlock: 0);

        void Split(WeightedGraph graph, int parts, int firstBlock)
        {
            int n = graph.NodeCount;
            if (parts == 1 || n <= parts)
            {
                // A side with no more nodes than blocks gives each node a block of its own: nothing better exists.
                for (int u = 0; u < n; u++) part[graph.Origin[u]] = firstBlock + (parts == 1 ? 0 : u);
                return;
            }
            BisectionBounds bounds = Bounds(graph.TotalNodeWeight, parts, maxBlockWeight);
            int[] side = bisect(graph, bounds, options.SeedFor(SeedPhase, ((ulong)(uint)firstBlock << 32) | (uint)parts));
            int[] scratch = GC.AllocateUninitializedArray<int>(n); // Induced reads only the entries it writes
            WeightedGraph? first = graph.Induced(side, 0, scratch), second = graph.Induced(side, 1, scratch);
            int firstParts = (parts + 1) / 2;
            // Each half is let go as its recursion takes it, so a finished half and the halves of every level above
            // are garbage while the recursion goes on deeper (holding them took the peak up by twice the coarsest graph).
            void SplitFirst() => Split(Take(ref first), firstParts, firstBlock);
            void SplitSecond() => Split(Take(ref second), parts - firstParts, firstBlock + firstParts);
            if (options.EffectiveThreads > 1 && n + graph.EntryCount >= ParallelWork && graph.EntryCount <= MaxParallelEntries) Parallel.Invoke(SplitFirst, SplitSecond);
            else
            {
                SplitFirst();
                SplitSecond();
            }
        }
    }

    private static WeightedGraph Take(ref WeightedGraph? graph)
    {
        WeightedGraph taken = graph!;
        graph = null;
        return taken;
    }

    // Side 0 of the bisection gets ⌈k/2⌉ of the k blocks and side 1 the rest, each with its share of the weight W.
    // Every block may weigh L = maxBlockWeight, so the subgraph has room k·L; the slack k·L / W is spread evenly over
    // the ⌈log2 k⌉ bisections still ahead (METIS spreads ε over the levels likewise): each may overshoot its share by
    // the factor (k·L / W)^(1 / ⌈log2 k⌉), and after the last one every block weighs at most L.
    public static BisectionBounds Bounds(long totalWeight, int parts, long maxBlockWeight)
    {
        int parts0 = (parts + 1) / 2, parts1 = parts / 2;
        long target0 = (long)Math.Round((double)totalWeight * parts0 / parts), target1 = totalWeight - target0;
        int levels = 32 - System.Numerics.BitOperations.LeadingZeroCount((uint)(parts - 1));
        double slack = totalWeight == 0 ? 1 : Math.Max(1, Math.Pow((double)parts * maxBlockWeight / totalWeight, 1.0 / levels));
        return new BisectionBounds(target0, target1, Max(target0, parts0), Max(target1, parts1));

        // Never below the target itself (when W > k·L no bisection can keep every block within L), never above the
        // room of the side's blocks; the tolerance keeps rounding from costing the last level a unit of weight.
        long Max(long target, int sideParts) =>
            Math.Max(target, Math.Min((long)sideParts * maxBlockWeight, (long)Math.Floor(slack * target * (1 + 1e-12) + 1e-9)));
    }
}
