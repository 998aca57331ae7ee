using ClusterGcn.Engine.Partitioning.Generators;
using ClusterGcn.Engine.Partitioning.Graphs;
using ClusterGcn.Engine.Partitioning.Multilevel;
using ClusterGcn.Engine.Partitioning.Multilevel.Coarsening;
using ClusterGcn.Engine.Tests.Support;
using static ClusterGcn.Engine.Tests.Partitioning.Coarsening.CoarseningChecks;

namespace ClusterGcn.Engine.Tests.Partitioning.Coarsening;

public sealed class CoarsenerTests
{
    private static readonly CsrGraph Grid = GraphFactories.Grid(64, 64);
    private static readonly CsrGraph Planted = GraphFactories.PlantedPartition(blocks: 16, blockSize: 200, inside: 6, outside: 1, seed: 9);

    [TestCase("grid", 4)]
    [TestCase("grid", 16)]
    [TestCase("planted", 4)]
    [TestCase("planted", 16)]
    public void Coarsens_to_at_most_30_nodes_per_block_and_every_level_keeps_the_weights(string name, int k)
    {
        CsrGraph graph = name == "grid" ? Grid : Planted;
        GraphHierarchy levels = Coarsener.Coarsen(graph, new PartitionOptions(k, Seed: 1, Threads: 2));

        Assert.That(levels.Count, Is.GreaterThan(1));
        Assert.That(levels.Coarsest.NodeCount, Is.LessThanOrEqualTo(PartitionOptions.CoarseNodesPerBlock * k));
        long total = PartitionMetrics.TotalNodeWeight(graph);
        for (int level = 1; level < levels.Count; level++)
        {
            Assert.That(PartitionMetrics.TotalNodeWeight(levels[level]), Is.EqualTo(total), $"level {level}");
            Assert.That(levels.CoarseMap(level), Is.All.InRange(0, levels[level].NodeCount - 1));
            AssertSymmetricSimple(levels[level]);
        }
        // A coarse node must stay lighter than a block (at most two thirds), or the coarsest graph could not be balanced.
        int heaviest = Enumerable.Range(0, levels.Coarsest.NodeCount).Max(levels.Coarsest.NodeWeight);
        Assert.That(heaviest, Is.LessThanOrEqualTo(Math.Ceiling(2.0 * total / (3.0 * k))));
    }

    [TestCase("grid")]
    [TestCase("planted")]
    public void Same_seed_gives_the_same_hierarchy_on_1_and_4_threads_and_other_seeds_differ(string name)
    {
        CsrGraph graph = name == "grid" ? Grid : Planted;
        GraphHierarchy Run(ulong seed, int threads) => Coarsener.Coarsen(graph, new PartitionOptions(8, Seed: seed, Threads: threads));
        GraphHierarchy first = Run(7, 1);
        AssertSameHierarchy(first, Run(7, 4));
        Assert.That(new ulong[] { 8, 9 }.Select(seed => Run(seed, 2)).Any(other => !SameHierarchy(first, other)), Is.True);
    }

    [TestCase("power-law", 4, false)]
    [TestCase("power-law", 40, true)]
    [TestCase("grid", 2, true)]
    public void Stop_work_applies_to_meshes_and_small_blocks_but_power_law_graphs_with_large_blocks_coarsen_on(string name, int k, bool stops)
    {
        // 20K nodes: blocks of 5,000 at k = 4 and of 500 at k = 40, either side of the 1,000 where blocks count as small.
        CsrGraph graph = name == "grid" ? Grid : PowerLaw.Value;
        GraphHierarchy levels = Coarsener.Coarsen(graph, new PartitionOptions(k, Seed: 1, Threads: 2), stopWork: long.MaxValue);
        Assert.That(levels.Count == 1, Is.EqualTo(stops), $"{levels.Count} levels");
        if (!stops) Assert.That(levels.Coarsest.NodeCount, Is.LessThanOrEqualTo(PartitionOptions.CoarseNodesPerBlock * k));
    }

    private static readonly Lazy<CsrGraph> PowerLaw = new(() => ClusterGcn.Engine.Partitioning.Generators.PowerLawSbm.Generate(
        new ClusterGcn.Engine.Partitioning.Generators.SbmSpec(20_000, 100_000, 20), seed: 1, threads: 2).Graph);

    private static IEnumerable<TestCaseData> Stubborn()
    {
        yield return new TestCaseData(NoEdges(500)).SetName("no edges");
        yield return new TestCaseData(GraphFactories.StarWithIsolatedNode(500)).SetName("star with an isolated node");
        yield return new TestCaseData(new CsrBuilder(600).AddEdge(0, 1).AddEdge(2, 3).Build()).SetName("mostly isolated nodes");
        yield return new TestCaseData(GraphFactories.Path(600)).SetName("path");
    }

    [TestCaseSource(nameof(Stubborn))]
    public void Graphs_that_resist_shrinking_still_terminate_with_a_valid_hierarchy(CsrGraph graph)
    {
        GraphHierarchy levels = Coarsener.Coarsen(graph, new PartitionOptions(2, Seed: 1, Threads: 2));

        for (int level = 1; level < levels.Count; level++)
        {
            Assert.That(levels[level].NodeCount, Is.LessThan(levels[level - 1].NodeCount), $"level {level} shrinks");
            Assert.That(PartitionMetrics.TotalNodeWeight(levels[level]), Is.EqualTo(graph.NodeCount));
        }
    }

    [Test]
    public void Coarsening_stops_at_the_first_level_within_the_stop_work()
    {
        // The 64 × 64 grid has 4096 nodes and 16128 entries; k = 4 alone would coarsen it to 120 nodes.
        var options = new PartitionOptions(4, Seed: 1, Threads: 2);
        Assert.That(Coarsener.Coarsen(Grid, options, stopWork: Grid.NodeCount + Grid.EntryCount).Count, Is.EqualTo(1));
        GraphHierarchy levels = Coarsener.Coarsen(Grid, options, stopWork: 8000);
        Assert.That(levels.Coarsest.NodeCount + levels.Coarsest.EntryCount, Is.LessThanOrEqualTo(8000));
        Assert.That(levels[levels.Count - 2].NodeCount + levels[levels.Count - 2].EntryCount, Is.GreaterThan(8000));
        Assert.That(levels.Coarsest.NodeCount, Is.GreaterThan(PartitionOptions.CoarseNodesPerBlock * 4));
    }

    [Test]
    public void One_block_or_a_tiny_graph_keeps_just_the_input()
    {
        Assert.That(Coarsener.Coarsen(Grid, new PartitionOptions(1)).Count, Is.EqualTo(1));
        Assert.That(Coarsener.Coarsen(GraphFactories.Grid(5, 5), new PartitionOptions(2)).Count, Is.EqualTo(1));
        GraphHierarchy empty = Coarsener.Coarsen(NoEdges(0), new PartitionOptions(1));
        Assert.That((empty.Count, empty.Coarsest.NodeCount), Is.EqualTo((1, 0)));
    }

    [Test]
    public void Dropping_the_coarsest_level_leaves_the_finer_ones_and_never_the_input()
    {
        GraphHierarchy levels = Coarsener.Coarsen(Grid, new PartitionOptions(4, Seed: 1, Threads: 1));
        int count = levels.Count;
        Assume.That(count, Is.GreaterThan(2));
        CsrGraph second = levels[count - 2];
        int[] secondMap = levels.CoarseMap(count - 2);

        levels.DropCoarsest();

        Assert.That(levels.Count, Is.EqualTo(count - 1));
        Assert.That(levels.Coarsest, Is.SameAs(second));
        Assert.That(levels.CoarseMap(count - 2), Is.SameAs(secondMap));
        while (levels.Count > 1) levels.DropCoarsest();
        Assert.That(levels.Coarsest, Is.SameAs(Grid));
        Assert.Throws<InvalidOperationException>(levels.DropCoarsest);
    }

    // Meshes are matched, everything else clustered: a dense graph of even degrees (communities) is not a mesh.
    [Test]
    public void Sparse_even_degrees_mark_a_mesh_dense_or_power_law_ones_do_not()
    {
        var planted = PlantedCommunities.Generate(new PlantedSpec(Nodes: 2_048, CommunitySize: 256), seed: 1).ToCsrGraph();
        var sbm = PowerLawSbm.Generate(new SbmSpec(Nodes: 5_000, Edges: 50_000, Blocks: 10), seed: 1).Graph;

        Assert.That(Coarsener.IsMeshLike(Mesh.Grid3D(10, 10, 10, diagonals: true)), Is.True, "3-D mesh with diagonals (degree 26)");
        Assert.That(Coarsener.IsMeshLike(Grid), Is.True, "grid");
        Assert.That((Coarsener.IsMeshLike(planted), Coarsener.HasEvenDegrees(planted)), Is.EqualTo((false, true)), "planted communities, degree ~138");
        Assert.That((Coarsener.IsMeshLike(sbm), Coarsener.HasEvenDegrees(sbm)), Is.EqualTo((false, false)), "power law");
        Assert.That(Coarsener.IsMeshLike(new CsrBuilder(0).Build()), Is.False, "empty graph");
    }
}
