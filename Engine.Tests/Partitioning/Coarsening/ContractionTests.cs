using ClusterGcn.Engine.Partitioning.Graphs;
using ClusterGcn.Engine.Partitioning.Multilevel;
using ClusterGcn.Engine.Partitioning.Multilevel.Coarsening;
using ClusterGcn.Engine.Partitioning.Multilevel.Refinement;
using ClusterGcn.Engine.Tests.Support;
using static ClusterGcn.Engine.Tests.Partitioning.Coarsening.CoarseningChecks;

namespace ClusterGcn.Engine.Tests.Partitioning.Coarsening;

public sealed class ContractionTests
{
    private static readonly CsrGraph Planted = GraphFactories.PlantedPartition(blocks: 6, blockSize: 40, inside: 5, outside: 2, seed: 3);

    private static IEnumerable<TestCaseData> Cases()
    {
        yield return new TestCaseData(Planted, RandomClusters(Planted.NodeCount, 37, 1)).SetName("planted, random clusters");
        yield return new TestCaseData(Planted, Enumerable.Range(0, Planted.NodeCount).Select(u => u / 40).ToArray()).SetName("planted, its blocks");
        // A second contraction runs on a weighted graph: weights must add up, not count entries.
        var (once, _) = Contraction.Contract(Planted, RandomClusters(Planted.NodeCount, 120, 2), threads: 1);
        yield return new TestCaseData(once, RandomClusters(once.NodeCount, 30, 3)).SetName("weighted coarse graph");
        yield return new TestCaseData(GraphFactories.StarWithIsolatedNode(9), new[] { 0, 0, 0, 5, 5, 5, 5, 7, 7, 9, 9 }).SetName("star");
    }

    [TestCaseSource(nameof(Cases))]
    public void Node_weight_is_kept_and_edge_weight_loses_exactly_the_edges_inside_clusters(CsrGraph graph, int[] cluster)
    {
        var (coarse, _) = Contraction.Contract(graph, cluster, threads: 2);

        long inside = 0;
        for (int u = 0; u < graph.NodeCount; u++)
            for (int e = graph.RowPtr[u]; e < graph.RowPtr[u + 1]; e++)
                if (cluster[graph.ColIdx[e]] == cluster[u]) inside += graph.EdgeWeight(e);
        Assert.That(PartitionMetrics.TotalNodeWeight(coarse), Is.EqualTo(PartitionMetrics.TotalNodeWeight(graph)));
        Assert.That(PartitionMetrics.TotalEdgeWeight(coarse), Is.EqualTo(PartitionMetrics.TotalEdgeWeight(graph) - inside / 2));
    }

    [TestCaseSource(nameof(Cases))]
    public void Every_node_maps_into_range_and_every_coarse_node_is_some_cluster(CsrGraph graph, int[] cluster)
    {
        var (coarse, cmap) = Contraction.Contract(graph, cluster, threads: 2);

        Assert.That(cmap, Has.Length.EqualTo(graph.NodeCount));
        Assert.That(cmap, Is.All.InRange(0, coarse.NodeCount - 1));
        Assert.That(cmap.Distinct().Count(), Is.EqualTo(coarse.NodeCount));
        Assert.That(cluster.Distinct().Count(), Is.EqualTo(coarse.NodeCount));
        for (int u = 0; u < graph.NodeCount; u++)
            for (int v = 0; v < graph.NodeCount; v += 7)
                Assert.That(cmap[u] == cmap[v], Is.EqualTo(cluster[u] == cluster[v]), $"nodes {u} and {v}");
    }

    [TestCaseSource(nameof(Cases))]
    public void Coarse_graph_is_symmetric_without_self_loops(CsrGraph graph, int[] cluster) =>
        AssertSymmetricSimple(Contraction.Contract(graph, cluster, threads: 2).Coarse);

    [TestCaseSource(nameof(Cases))]
    public void Cut_of_a_coarse_partition_equals_the_cut_of_its_projection(CsrGraph graph, int[] cluster)
    {
        var (coarse, cmap) = Contraction.Contract(graph, cluster, threads: 2);
        foreach (ulong seed in new ulong[] { 1, 2, 3 })
        {
            int[] coarsePart = RandomClusters(coarse.NodeCount, 4, seed);
            int[] finePart = Projection.ToFiner(cmap, coarsePart);
            Assert.That(PartitionMetrics.EdgeCut(coarse, coarsePart), Is.EqualTo(PartitionMetrics.EdgeCut(graph, finePart)));
            Assert.That(PartitionMetrics.BlockWeights(coarse, coarsePart, 4), Is.EqualTo(PartitionMetrics.BlockWeights(graph, finePart, 4)));
        }
    }

    [Test]
    public void Result_does_not_depend_on_the_thread_count()
    {
        // ~200K entries: several ranges of coarse rows, so workers really do share the work.
        var graph = GraphFactories.PlantedPartition(blocks: 20, blockSize: 500, inside: 8, outside: 2, seed: 4);
        int[] cluster = RandomClusters(graph.NodeCount, 3000, 4);
        var (one, mapOne) = Contraction.Contract(graph, cluster, threads: 1);
        var (four, mapFour) = Contraction.Contract(graph, cluster, threads: 4);

        Assert.That(mapFour, Is.EqualTo(mapOne));
        Assert.That(four.RowPtr.ToArray(), Is.EqualTo(one.RowPtr.ToArray()));
        Assert.That(four.ColIdx.ToArray(), Is.EqualTo(one.ColIdx.ToArray()));
        Assert.That(four.EdgeWeights.ToArray(), Is.EqualTo(one.EdgeWeights.ToArray()));
    }

    [Test]
    public void Empty_graph_and_a_graph_without_edges_contract()
    {
        var (empty, emptyMap) = Contraction.Contract(NoEdges(0), [], threads: 2);
        Assert.That((empty.NodeCount, emptyMap.Length), Is.EqualTo((0, 0)));

        var (coarse, cmap) = Contraction.Contract(NoEdges(5), [3, 3, 0, 4, 0], threads: 2);
        Assert.That(cmap, Is.EqualTo(new[] { 0, 0, 1, 2, 1 }), "coarse ids follow first appearance");
        Assert.That(coarse.NodeWeights.ToArray(), Is.EqualTo(new[] { 2, 2, 1 }));
        Assert.That(coarse.EntryCount, Is.Zero);
    }

    [Test]
    public void Cluster_ids_out_of_range_are_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() => Contraction.Contract(GraphFactories.Path(3), [0, 3, 1], threads: 1));
        Assert.That(error!.Message, Does.Contain("node 1 has cluster id 3"));
    }
}
