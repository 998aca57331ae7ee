using ClusterGcn.Engine.Partitioning.Graphs;
using ClusterGcn.Engine.Partitioning.Multilevel;
using ClusterGcn.Engine.Partitioning.Multilevel.Coarsening;
using ClusterGcn.Engine.Partitioning.Multilevel.Refinement;
using ClusterGcn.Engine.Partitioning.Randomness;
using ClusterGcn.Engine.Tests.Support;

namespace ClusterGcn.Engine.Tests.Partitioning.Refinement;

public sealed class KWayFmRefinerTests
{
    private static IEnumerable<CsrGraph> Graphs(ulong seed) =>
        [GraphFactories.PlantedPartition(8, 40, 8, 2, seed), GraphFactories.Grid(30, 31), RefinerTests.WeightedRandom(300, 6, seed)];

    [Test]
    public void Gain_cache_matches_a_recomputation_after_random_moves([Values(1UL, 2UL, 3UL)] ulong seed)
    {
        foreach (var graph in Graphs(seed))
        {
            const int K = 7;
            int[] part = RefinerTests.RoundRobin(graph.NodeCount, K, seed);
            var state = new RefinementState<CsrView>(new CsrView(graph), part, K, long.MaxValue);
            var cache = new GainCache<CsrView, AllBlocks>(state, new AllBlocks());
            var random = new SplitMix64(seed);
            for (int step = 0; step < 2000; step++)
            {
                int u = random.NextInt(graph.NodeCount);
                if (random.NextDouble() < 0.5) cache.Move(u, random.NextInt(K));
                else
                    for (int b = 0; b < K; b++) Assert.That(cache.To(u, b), Is.EqualTo(Connection(graph, part, u, b)), $"node {u}, block {b}");
            }
            for (int u = 0; u < graph.NodeCount; u++)
            {
                Assert.That(cache.BestMove(u, seed, out int target, out long gain), Is.EqualTo(graph.Neighbors(u).ToArray().Any(v => part[v] != part[u])));
                if (target >= 0) Assert.That(gain, Is.EqualTo(state.Gain(u, target)));
            }
        }
    }

    [Test]
    public void Never_raises_the_cut_nor_breaks_balance([Values(2, 8, 13)] int k, [Values(1UL, 2UL)] ulong seed, [Values(0, 1)] int pass)
    {
        foreach (var graph in Graphs(seed))
        {
            var options = new PartitionOptions(k, Seed: seed);
            int[] part = RefinerTests.RoundRobin(graph.NodeCount, k, seed);
            var state = new RefinementState<CsrView>(new CsrView(graph), part, k, Refiner.MaxBlockWeight(graph, options));
            long before = PartitionMetrics.EdgeCut(graph, part);

            long reduction = KWayFmRefiner.Refine(state, seed, long.MaxValue, pass: pass, threads: 2);

            long after = PartitionMetrics.EdgeCut(graph, part);
            Assert.That(after, Is.EqualTo(before - reduction));
            Assert.That(reduction, Is.GreaterThanOrEqualTo(0));
            Assert.That(state.BlockWeights, Is.EqualTo(PartitionMetrics.BlockWeights(graph, part, k)));
            RefinerTests.AssertBalanced(graph, part, options);
        }
    }

    [Test]
    public void Improves_a_deliberately_bad_partition_of_a_grid()
    {
        var graph = GraphFactories.Grid(40, 40);
        var options = new PartitionOptions(4);
        int[] part = RefinerTests.RoundRobin(graph.NodeCount, 4, seed: 3);
        var state = new RefinementState<CsrView>(new CsrView(graph), part, 4, Refiner.MaxBlockWeight(graph, options));
        long before = PartitionMetrics.EdgeCut(graph, part);

        KWayFmRefiner.Refine(state, 5, long.MaxValue);

        Assert.That(PartitionMetrics.EdgeCut(graph, part), Is.LessThan(before / 2));
    }

    [Test]
    public void Climbs_out_of_a_local_minimum_that_label_propagation_keeps()
    {
        // A 10 × 10 grid cut straight down the middle, plus a 2 × 2 island of block 1 inside block 0: each island
        // node has two neighbours on either side, so no single move gains and label propagation keeps the island,
        // while FM moves one at gain 0 and then the rest at a profit.
        var graph = GraphFactories.Grid(10, 10);
        int[] part = [.. Enumerable.Range(0, 100).Select(u => u % 10 >= 5 || u / 10 is 2 or 3 && u % 10 is 1 or 2 ? 1 : 0)];
        var options = new PartitionOptions(2);
        var state = new RefinementState<CsrView>(new CsrView(graph), part, 2, Refiner.MaxBlockWeight(graph, options));
        long before = PartitionMetrics.EdgeCut(graph, part);
        Assert.That(LabelPropagationRefiner.Refine(state, 1, threads: 1), Is.EqualTo(0));

        KWayFmRefiner.Refine(state, 1, long.MaxValue);

        Assert.That(before, Is.EqualTo(18));
        Assert.That(PartitionMetrics.EdgeCut(graph, part), Is.EqualTo(10));
        RefinerTests.AssertBalanced(graph, part, options);
    }

    [Test]
    public void A_split_pass_gives_the_same_partition_on_1_and_2_threads([Values(8, 13, 20)] int k, [Values(0, 1)] int pass)
    {
        foreach (var graph in Graphs(seed: 4))
        {
            var options = new PartitionOptions(k, Imbalance: 0.2); // room to move: a round robin fills every block
            (int[] Part, long Reduction) Run(int threads)
            {
                int[] part = RefinerTests.RoundRobin(graph.NodeCount, k, seed: 4);
                var state = new RefinementState<CsrView>(new CsrView(graph), part, k, Refiner.MaxBlockWeight(graph, options));
                // A budget that runs out mid-pass: where each side stops must not depend on the other.
                long reduction = KWayFmRefiner.Refine(state, 9, 4L * graph.NodeCount, pass: pass, threads: threads);
                return (part, reduction);
            }

            var one = Run(1);
            Assert.That(Run(2), Is.EqualTo(one));
            Assert.That(one.Reduction, Is.GreaterThan(0));
        }
    }

    [Test]
    public void Sides_are_ranges_of_blocks_cut_at_halves_then_alternating_quarters([Values(8, 13, 64, 1500)] int k)
    {
        byte[] halves = KWayFmRefiner.Sides(k, pass: 0), quarters = KWayFmRefiner.Sides(k, pass: 1);

        Assert.That(halves, Is.EqualTo(Enumerable.Range(0, k).Select(b => (byte)(2 * b < k ? 0 : 1))));
        Assert.That(quarters, Is.EqualTo(Enumerable.Range(0, k).Select(b => (byte)(4 * b / k % 2))));
        Assert.That(KWayFmRefiner.Sides(k, pass: 2), Is.EqualTo(halves));
        Assert.That(halves.Count(side => side == 0), Is.EqualTo((k + 1) / 2));
    }

    [Test]
    public void Moves_between_blocks_of_different_sides_are_still_made()
    {
        // 8 stripes of a 40 × 40 grid, one block a side (8 columns each would be 5 wide), and one node of block 5
        // inside block 2: blocks 2 and 5 lie on different sides of the first pass's split, so only the searches over
        // all blocks from the nodes next to the other side can take it home (a gain of 4).
        var graph = GraphFactories.Grid(40, 40);
        int island = 20 * 40 + 12;
        int[] part = [.. Enumerable.Range(0, graph.NodeCount).Select(u => u == island ? 5 : u % 40 / 5)];
        var options = new PartitionOptions(8);
        var state = new RefinementState<CsrView>(new CsrView(graph), part, 8, Refiner.MaxBlockWeight(graph, options));
        Assert.That(KWayFmRefiner.Sides(8, pass: 0)[2], Is.Not.EqualTo(KWayFmRefiner.Sides(8, pass: 0)[5]));
        long before = PartitionMetrics.EdgeCut(graph, part);

        long reduction = KWayFmRefiner.Refine(state, 3, long.MaxValue, pass: 0, threads: 2);

        Assert.That(part[island], Is.EqualTo(2));
        Assert.That(reduction, Is.GreaterThanOrEqualTo(4));
        Assert.That(PartitionMetrics.EdgeCut(graph, part), Is.EqualTo(before - reduction));
    }

    private static long Connection(CsrGraph graph, int[] part, int u, int block)
    {
        long sum = 0;
        for (int e = graph.RowPtr[u]; e < graph.RowPtr[u + 1]; e++)
            if (part[graph.ColIdx[e]] == block) sum += graph.EdgeWeights.IsEmpty ? 1 : graph.EdgeWeights[e];
        return sum;
    }
}
