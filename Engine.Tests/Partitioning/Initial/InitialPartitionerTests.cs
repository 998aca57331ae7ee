using ClusterGcn.Engine.Partitioning.Generators;
using ClusterGcn.Engine.Partitioning.Graphs;
using ClusterGcn.Engine.Partitioning.Multilevel;
using ClusterGcn.Engine.Partitioning.Multilevel.Initial;
using ClusterGcn.Engine.Tests.Support;

namespace ClusterGcn.Engine.Tests.Partitioning.Initial;

public sealed class InitialPartitionerTests
{
    private static readonly CsrGraph Grid = GraphFactories.Grid(32, 32);

    private static readonly Dictionary<string, CsrGraph> Graphs = new()
    {
        ["grid"] = Grid,
        ["planted"] = GraphFactories.PlantedPartition(blocks: 8, blockSize: 100, inside: 6, outside: 1, seed: 3),
        ["weighted grid"] = InitialGraphs.Weighted(Grid, seed: 5),
        ["weighted planted"] = InitialGraphs.Weighted(GraphFactories.PlantedPartition(16, 40, 5, 1, seed: 4), seed: 6, maxNodeWeight: 9),
        ["disconnected with isolated nodes"] = InitialGraphs.Disjoint(GraphFactories.Grid(6, 7), copies: 9, isolated: 30),
        ["no edges"] = new CsrBuilder(200).Build(),
        ["heavy node"] = InitialGraphs.PathWithHeavyNode(200, heavy: 40),
    };

    private static IEnumerable<string> GraphNames => Graphs.Keys;

    [Test]
    public void Every_node_gets_a_block_and_no_block_is_overloaded([ValueSource(nameof(GraphNames))] string name, [Values(1, 2, 7, 64)] int k)
    {
        CsrGraph graph = Graphs[name];
        var options = new PartitionOptions(Parts: k, Imbalance: 0.03, Seed: 1);
        int[] part = InitialPartitioner.Partition(graph, options);

        Assert.That(part, Has.Length.EqualTo(graph.NodeCount));
        Assert.That(part, Is.All.InRange(0, k - 1));
        int heaviest = Enumerable.Range(0, graph.NodeCount).Max(graph.NodeWeight);
        long bound = options.MaxBlockWeight(PartitionMetrics.TotalNodeWeight(graph), heaviest);
        Assert.That(PartitionMetrics.BlockWeights(graph, part, k).Max(), Is.LessThanOrEqualTo(bound));
    }

    // An unweighted graph is bisected without an edge-weight array (every edge weighs 1), its halves too: the result
    // must be exactly that of the same graph with every weight written out. The SBM is big enough (12K nodes) for the
    // first bisections to contract it by label propagation, the grid by matching.
    [Test]
    public void Unit_edge_weights_partition_exactly_as_no_edge_weights([Values("grid", "sbm")] string name, [Values(7, 64)] int k)
    {
        CsrGraph graph = name == "grid" ? Grid : PowerLawSbm.Generate(new SbmSpec(Nodes: 12_000, Edges: 120_000, Blocks: 12), seed: 2).Graph;
        var (rowPtr, colIdx, _, _) = graph.Arrays;
        var unitWeights = new CsrGraph(rowPtr, colIdx, Enumerable.Repeat(1, colIdx.Length).ToArray(), Enumerable.Repeat(1, graph.NodeCount).ToArray());
        var options = new PartitionOptions(Parts: k, Seed: 3, Threads: 2);

        int[] unweighted = InitialPartitioner.Partition(graph, options);

        Assert.That(unweighted, Is.EqualTo(InitialPartitioner.Partition(unitWeights, options)));
        Assert.That(unweighted.Distinct().Count(), Is.EqualTo(k));
    }

    [Test]
    public void One_block_puts_every_node_in_block_zero()
    {
        int[] part = InitialPartitioner.Partition(Grid, new PartitionOptions(Parts: 1));
        Assert.That(part, Is.All.EqualTo(0));
    }

    [Test]
    public void The_empty_graph_gives_an_empty_partition() =>
        Assert.That(InitialPartitioner.Partition(new CsrBuilder(0).Build(), new PartitionOptions(Parts: 1)), Is.Empty);

    [Test]
    public void Bisection_of_two_cliques_cuts_exactly_the_bridges([Values(0, 1, 3, 8)] int bridges)
    {
        CsrGraph graph = GraphFactories.TwoCliques(20, bridges);
        int[] part = InitialPartitioner.Partition(graph, new PartitionOptions(Parts: 2, Seed: 2));
        Assert.That(PartitionMetrics.EdgeCut(graph, part), Is.EqualTo(bridges));
    }

    [Test]
    public void Bisection_of_a_grid_is_near_optimal()
    {
        int[] part = InitialPartitioner.Partition(Grid, new PartitionOptions(Parts: 2, Seed: 1));
        // The optimum cuts 32 edges (one straight line).
        Assert.That(PartitionMetrics.EdgeCut(Grid, part), Is.LessThanOrEqualTo(36));
    }

    [Test]
    public void Planted_blocks_are_found()
    {
        // 8 groups of 100 nodes, 6 inside edges per node and 1 outside: finding the groups cuts about 800 edges of ~3600.
        CsrGraph graph = Graphs["planted"];
        int[] part = InitialPartitioner.Partition(graph, new PartitionOptions(Parts: 8, Seed: 1));
        Assert.That(PartitionMetrics.EdgeCut(graph, part), Is.LessThanOrEqualTo(900));
    }

    [Test]
    public void Same_seed_same_partition_on_any_thread_count_other_seeds_differ()
    {
        // Big enough for both the tries and the halves to run in parallel.
        CsrGraph graph = GraphFactories.Grid(100, 100);
        int[] Run(ulong seed, int threads) => InitialPartitioner.Partition(graph, new PartitionOptions(Parts: 64, Seed: seed, Threads: threads));
        int[] first = Run(7, threads: 1);
        Assert.That(Run(7, threads: 4), Is.EqualTo(first));
        Assert.That(Run(7, threads: 1), Is.EqualTo(first));
        // A grid has many equally good partitions: if no other seed changes anything, the seed is not wired through.
        Assert.That(new ulong[] { 8, 9 }.Select(seed => Run(seed, threads: 2)), Has.Some.Not.EqualTo(first));
    }
}
