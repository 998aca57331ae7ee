using ClusterGcn.Engine.Partitioning.Generators;
using ClusterGcn.Engine.Partitioning.Graphs;
using ClusterGcn.Engine.Partitioning.Multilevel;
using ClusterGcn.Engine.Tests.Partitioning.Graphs;
using ClusterGcn.Engine.Tests.Support;

namespace ClusterGcn.Engine.Tests.Partitioning.Multilevel;

/// <summary>A graph read as a <see cref="LargeCsrGraph"/>, its entries in many small chunks, is partitioned exactly as
/// the same graph read as a <see cref="CsrGraph"/>: the large path only changes how the input level's rows are found.</summary>
public sealed class LargeGraphPartitionTests
{
    // A mesh (heavy-edge matching), a power-law SBM (label propagation), a weighted graph with node weights, a
    // graph small enough to need no coarsening at k = 64 (the input is then partitioned directly), and the SBM with
    // weights whose totals pass an int.
    private static readonly Dictionary<string, CsrGraph> Inputs = new()
    {
        ["mesh"] = Mesh.Grid2D(60, 70),
        ["sbm"] = PowerLawSbm.Generate(new SbmSpec(6000, 40_000, 12), seed: 2, threads: 1).Graph,
        ["weighted"] = LargeCsrGraphTests.WeightedWithNodeWeights(3000, 5),
        ["small"] = GraphFactories.Grid(20, 20),
        ["heavy"] = Heavy(PowerLawSbm.Generate(new SbmSpec(6000, 40_000, 12), seed: 2, threads: 1).Graph),
    };

    // Node and edge weights of 2^30: coarsened in scaled units (ScaledView over either view).
    private static CsrGraph Heavy(CsrGraph graph) => new(graph.RowPtr.ToArray(), graph.ColIdx.ToArray(),
        Enumerable.Repeat(1 << 30, graph.EntryCount).ToArray(), Enumerable.Repeat(1 << 30, graph.NodeCount).ToArray());

    private static readonly Dictionary<(string, int, int), PartitionResult> Expected = [];

    [Test]
    public void The_partition_cut_and_block_weights_equal_the_csr_graphs(
        [Values("mesh", "sbm", "weighted", "small", "heavy")] string name, [Values(2, 7, 64)] int k,
        [Values(64, 1000)] int chunkCapacity, [Values(1, 2)] int threads)
    {
        var options = new PartitionOptions(k, Seed: 3, Threads: threads);
        var graph = Inputs[name];
        // The CsrGraph's result does not depend on the chunk capacity: computed once per graph, k and thread count.
        // Both go through the AnyCsrGraph overload, as the command line's do.
        if (!Expected.TryGetValue((name, k, threads), out var expected))
            Expected[(name, k, threads)] = expected = new MultilevelPartitioner(options).Partition(new AnyCsrGraph(graph));
        // A chunk must hold the longest row: the SBM's hubs have hundreds of neighbours.
        int maxDegree = Enumerable.Range(0, graph.NodeCount).Max(graph.Degree);
        var large = LargeCsrGraph.From(graph, Math.Max(chunkCapacity, maxDegree));
        Assert.That(large.ChunkCount, Is.GreaterThan(1), "the entries lie in several chunks");

        var result = new MultilevelPartitioner(options).Partition(new AnyCsrGraph(large));

        Assert.That(result.Part, Is.EqualTo(expected.Part));
        Assert.That(result.EdgeCut, Is.EqualTo(expected.EdgeCut));
        Assert.That(result.BlockWeights, Is.EqualTo(expected.BlockWeights));
        Assert.That(result.KeptEdgeFraction, Is.EqualTo(expected.KeptEdgeFraction));
        Assert.That(result.Imbalance, Is.EqualTo(expected.Imbalance));
        Assert.That(result.Levels, Is.EqualTo(expected.Levels));
    }

    [Test]
    public void Metrics_of_a_large_graph_equal_the_csr_graphs()
    {
        var graph = Inputs["weighted"];
        var large = LargeCsrGraph.From(graph, 100);
        int[] part = SomeParts(graph.NodeCount, 5);

        Assert.That(PartitionMetrics.EdgeCut(large, part), Is.EqualTo(PartitionMetrics.EdgeCut(graph, part)));
        Assert.That(PartitionMetrics.TotalEdgeWeight(large), Is.EqualTo(PartitionMetrics.TotalEdgeWeight(graph)));
        Assert.That(PartitionMetrics.TotalNodeWeight(large), Is.EqualTo(PartitionMetrics.TotalNodeWeight(graph)));
        long[] blockWeights = PartitionMetrics.BlockWeights(large, part, 5);
        Assert.That(blockWeights, Is.EqualTo(PartitionMetrics.BlockWeights(graph, part, 5)));
        Assert.That(PartitionMetrics.Imbalance(large, blockWeights), Is.EqualTo(PartitionMetrics.Imbalance(graph, blockWeights)));
        Assert.That(PartitionMetrics.KeptEdgeFraction(large, 10), Is.EqualTo(PartitionMetrics.KeptEdgeFraction(graph, 10)));

        long cut = PartitionMetrics.EdgeCut(graph, part);
        var expected = new PartitionQuality(cut, PartitionMetrics.KeptEdgeFraction(graph, cut), blockWeights,
            PartitionMetrics.Imbalance(graph, blockWeights));
        foreach (var any in new[] { new AnyCsrGraph(graph), new AnyCsrGraph(large) })
        {
            var quality = PartitionMetrics.Measure(any, part, 5);
            Assert.That(quality with { BlockWeights = expected.BlockWeights }, Is.EqualTo(expected), any.Csr is null ? "large" : "csr");
            Assert.That(quality.BlockWeights, Is.EqualTo(expected.BlockWeights));
            Assert.That(quality.TotalNodeWeight, Is.EqualTo(PartitionMetrics.TotalNodeWeight(graph)));
        }
    }

    [Test]
    public void Out_of_range_options_are_the_same_one_line_errors()
    {
        var large = LargeCsrGraph.From(Inputs["small"], 64);

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new MultilevelPartitioner(new PartitionOptions(401)).Partition(large))!;
        Assert.That(error.Message, Does.Contain("k = 401 must be between 1 and the node count (400)"));
    }

    private static int[] SomeParts(int n, int k) => Enumerable.Range(0, n).Select(u => u * 7 % k).ToArray();
}
