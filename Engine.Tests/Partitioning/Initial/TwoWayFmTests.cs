using ClusterGcn.Engine.Partitioning.Graphs;
using ClusterGcn.Engine.Partitioning.Multilevel;
using ClusterGcn.Engine.Partitioning.Multilevel.Initial;
using ClusterGcn.Engine.Partitioning.Randomness;
using ClusterGcn.Engine.Tests.Support;

namespace ClusterGcn.Engine.Tests.Partitioning.Initial;

public sealed class TwoWayFmTests
{
    private static readonly CsrGraph[] Graphs =
    [
        GraphFactories.Grid(20, 30),
        InitialGraphs.Weighted(GraphFactories.PlantedPartition(4, 60, 5, 2, seed: 1), seed: 2),
        InitialGraphs.Disjoint(GraphFactories.Grid(5, 5), copies: 6, isolated: 10),
    ];

    [Test]
    public void Refinement_never_increases_the_cut_and_keeps_balance([Range(0, 2)] int graphIndex, [Values(1ul, 2ul, 3ul)] ulong seed)
    {
        CsrGraph csr = Graphs[graphIndex];
        var graph = WeightedGraph.From(csr);
        BisectionBounds bounds = RecursiveBisection.Bounds(graph.TotalNodeWeight, parts: 2, MaxBlockWeight(graph, 0.05));
        int[] side = RandomBalancedSides(graph, bounds, seed);
        long before = PartitionMetrics.EdgeCut(csr, side);

        var random = new SplitMix64(seed);
        (long cut, long overload) = TwoWayFm.Refine(graph, side, bounds, ref random, new BisectionScratch(graph.NodeCount));

        Assert.That(cut, Is.EqualTo(PartitionMetrics.EdgeCut(csr, side)), "the reported cut is the real one");
        Assert.That(cut, Is.LessThanOrEqualTo(before));
        Assert.That(overload, Is.Zero);
        long[] weights = PartitionMetrics.BlockWeights(csr, side, 2);
        Assert.That(weights[0], Is.LessThanOrEqualTo(bounds.Max0));
        Assert.That(weights[1], Is.LessThanOrEqualTo(bounds.Max1));
    }

    [Test]
    public void An_overloaded_side_is_rebalanced_even_without_edges()
    {
        var graph = WeightedGraph.From(new CsrBuilder(100).Build());
        BisectionBounds bounds = RecursiveBisection.Bounds(graph.TotalNodeWeight, parts: 2, MaxBlockWeight(graph, 0.03));
        var side = new int[100]; // everything on side 0
        var random = new SplitMix64(1);

        (long cut, long overload) = TwoWayFm.Refine(graph, side, bounds, ref random, new BisectionScratch(100));

        Assert.That((cut, overload), Is.EqualTo((0L, 0L)));
        Assert.That(side.Count(s => s == 0), Is.InRange(100 - bounds.Max1, bounds.Max0));
    }

    [Test]
    public void Growing_alone_reaches_the_target_on_a_disconnected_graph()
    {
        var graph = WeightedGraph.From(InitialGraphs.Disjoint(GraphFactories.Grid(3, 3), copies: 5, isolated: 7));
        BisectionBounds bounds = RecursiveBisection.Bounds(graph.TotalNodeWeight, parts: 2, MaxBlockWeight(graph, 0.03));
        var side = new int[graph.NodeCount];
        var random = new SplitMix64(4);

        GreedyGraphGrowing.Grow(graph, bounds, ref random, side, new BisectionScratch(graph.NodeCount));

        Assert.That(side.Count(s => s == 1), Is.InRange(bounds.Target1, bounds.Max1));
    }

    [Test]
    public void A_reused_larger_scratch_gives_the_same_bisection_as_a_fresh_one([Values(1ul, 2ul)] ulong seed)
    {
        var big = WeightedGraph.From(Graphs[0]);
        var graph = WeightedGraph.From(Graphs[1]);
        BisectionBounds bounds = RecursiveBisection.Bounds(graph.TotalNodeWeight, parts: 2, MaxBlockWeight(graph, 0.05));

        int[] Bisect(BisectionScratch scratch)
        {
            var random = new SplitMix64(seed);
            var side = new int[graph.NodeCount];
            GreedyGraphGrowing.Grow(graph, bounds, ref random, side, scratch);
            TwoWayFm.Refine(graph, side, bounds, ref random, scratch);
            return side;
        }

        // Leave the bigger scratch dirty from a bisection of a bigger graph first.
        var used = new BisectionScratch(big.NodeCount);
        var bigRandom = new SplitMix64(seed + 7);
        var bigSide = new int[big.NodeCount];
        BisectionBounds bigBounds = RecursiveBisection.Bounds(big.TotalNodeWeight, parts: 2, MaxBlockWeight(big, 0.05));
        GreedyGraphGrowing.Grow(big, bigBounds, ref bigRandom, bigSide, used);
        TwoWayFm.Refine(big, bigSide, bigBounds, ref bigRandom, used);

        Assert.That(Bisect(used), Is.EqualTo(Bisect(new BisectionScratch(graph.NodeCount))));
    }

    private static long MaxBlockWeight(WeightedGraph graph, double imbalance) =>
        new PartitionOptions(Parts: 2, Imbalance: imbalance).MaxBlockWeight(graph.TotalNodeWeight, graph.NodeWeights.Max());

    // Seeded random order, filled into side 1 up to its target: balanced, and with a large cut for FM to work on.
    private static int[] RandomBalancedSides(WeightedGraph graph, BisectionBounds bounds, ulong seed)
    {
        var side = new int[graph.NodeCount];
        long weight1 = 0;
        foreach (int u in new SplitMix64(seed).Permutation(graph.NodeCount))
            if (weight1 + graph.NodeWeights[u] <= bounds.Target1)
            {
                side[u] = 1;
                weight1 += graph.NodeWeights[u];
            }
        return side;
    }
}
