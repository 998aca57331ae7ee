using ClusterGcn.Engine.Partitioning.Clusters;
using ClusterGcn.Engine.Partitioning.Graphs;
using ClusterGcn.Engine.Partitioning.Randomness;

namespace ClusterGcn.Engine.Tests.Partitioning.Clusters;

/// <summary>Layout and batches against the definitions: a cluster is a contiguous id range, and a batch is the
/// subgraph induced by the union of its clusters (PyG's <c>data.subgraph(n_id)</c>), computed naively here.</summary>
public sealed class ClusterBatchBuilderTests
{
    [Test]
    public void Layout_makes_every_cluster_a_contiguous_range_and_permutes_the_adjacency([Values(1u, 2u)] uint seed)
    {
        var (graph, part, k) = RandomCase(nodes: 90, edges: 300, clusters: 7, seed);
        var layout = ClusterLayout.Build(graph.RowPtr, graph.ColIdx, part, k);

        for (int v = 0; v < graph.NodeCount; v++)
        {
            Assert.That(layout.Position[layout.Order[v]], Is.EqualTo(v), "Position inverts Order");
            int c = part[layout.Order[v]];
            Assert.That(layout.ClusterOf[v], Is.EqualTo(c));
            Assert.That(v, Is.InRange(layout.PartPtr[c], layout.PartPtr[c + 1] - 1), $"new id {v} outside cluster {c}'s range");
            var expected = graph.Neighbors(layout.Order[v]).ToArray().Select(u => layout.Position[u]);
            Assert.That(layout.ColIdx[layout.RowPtr[v]..layout.RowPtr[v + 1]].ToArray(), Is.EqualTo(expected), $"row {v}");
        }
    }

    [Test]
    public void Every_batch_is_the_induced_subgraph_of_its_clusters([Values(1, 3, 7)] int clustersPerBatch, [Values(1u, 2u, 3u)] uint seed)
    {
        // k = 7 with q = 7 puts every cluster in one batch: the whole graph.
        var (graph, part, k) = RandomCase(nodes: 120, edges: 500, clusters: 7, seed);
        var builder = new ClusterBatchBuilder(ClusterLayout.Build(graph.RowPtr, graph.ColIdx, part, k));

        foreach (var group in ClusterSchedule.Groups(k, clustersPerBatch, seed, epoch: 0))
        {
            var batch = builder.Build(group);
            AssertInducedSubgraph(graph, part, group, batch);
        }
    }

    [Test]
    public void Empty_clusters_give_empty_or_smaller_batches()
    {
        // Clusters 1 and 4 of 6 hold no node.
        var (graph, _, _) = RandomCase(nodes: 40, edges: 100, clusters: 1, seed: 9);
        int[] part = [.. Enumerable.Range(0, graph.NodeCount).Select(u => new[] { 0, 2, 3, 5 }[u % 4])];
        var builder = new ClusterBatchBuilder(ClusterLayout.Build(graph.RowPtr, graph.ColIdx, part, 6));

        var empty = builder.Build([1, 4]);
        Assert.That(empty.NodeCount, Is.Zero);
        Assert.That(empty.RowPtr, Is.EqualTo(new[] { 0 }));
        AssertInducedSubgraph(graph, part, [4, 2, 1], builder.Build([4, 2, 1]));
    }

    [Test]
    public void Builder_can_be_reused_and_rejects_repeated_or_unknown_clusters()
    {
        var (graph, part, k) = RandomCase(nodes: 60, edges: 200, clusters: 5, seed: 4);
        var builder = new ClusterBatchBuilder(ClusterLayout.Build(graph.RowPtr, graph.ColIdx, part, k));
        var first = builder.Build([3, 0]);

        Assert.That(() => builder.Build([1, 1]), Throws.ArgumentException.With.Message.Contains("cluster 1 is chosen twice"));
        Assert.That(() => builder.Build([2, 5]), Throws.ArgumentException.With.Message.Contains("cluster 5 is outside [0, 5)"));
        var again = builder.Build([3, 0]);
        Assert.That(again.Nodes, Is.EqualTo(first.Nodes), "a failed build leaves no trace in the next one");
        Assert.That(again.ColIdx, Is.EqualTo(first.ColIdx));
    }

    [Test]
    public void Layout_rejects_cluster_ids_that_do_not_fit()
    {
        var graph = new CsrBuilder(3).AddEdge(0, 1).AddEdge(1, 2).Build();
        Assert.That(() => ClusterLayout.Build(graph.RowPtr, graph.ColIdx, [0, 1], 2), Throws.ArgumentException.With.Message.Contains("2 cluster ids for 3 nodes"));
        Assert.That(() => ClusterLayout.Build(graph.RowPtr, graph.ColIdx, [0, 2, 1], 2), Throws.ArgumentException.With.Message.Contains("node 1 has cluster 2"));
    }

    /// <summary>The naive definition: nodes = every node whose cluster is in the group, numbered cluster by cluster in
    /// the group's order (original order inside a cluster); edges = every graph edge with both ends among them.</summary>
    private static void AssertInducedSubgraph(CsrGraph graph, int[] part, int[] group, ClusterBatch batch)
    {
        int[] expectedNodes = [.. group.SelectMany(c => Enumerable.Range(0, graph.NodeCount).Where(u => part[u] == c))];
        Assert.That(batch.Nodes, Is.EqualTo(expectedNodes), "batch nodes");
        Assert.That(batch.Clusters, Is.EqualTo(group));

        var local = expectedNodes.Select((u, i) => (u, i)).ToDictionary(p => p.u, p => p.i);
        Assert.That(batch.RowPtr, Has.Length.EqualTo(expectedNodes.Length + 1));
        for (int i = 0; i < expectedNodes.Length; i++)
        {
            int[] expected = [.. graph.Neighbors(expectedNodes[i]).ToArray().Where(local.ContainsKey).Select(w => local[w]).Order()];
            int[] actual = [.. batch.ColIdx[batch.RowPtr[i]..batch.RowPtr[i + 1]].Order()];
            Assert.That(actual, Is.EqualTo(expected), $"neighbours of batch node {i} (node {expectedNodes[i]})");
        }
        Assert.That(batch.EntryCount, Is.EqualTo(batch.RowPtr[^1]));
    }

    /// <summary>A random undirected graph with some isolated nodes, and a random partition of it into k clusters.</summary>
    private static (CsrGraph Graph, int[] Part, int K) RandomCase(int nodes, int edges, int clusters, ulong seed)
    {
        var rng = new SplitMix64(seed);
        var builder = new CsrBuilder(nodes);
        for (int e = 0; e < edges; e++)
        {
            int u = rng.NextInt(nodes), v = rng.NextInt(nodes);
            if (u != v) builder.AddEdge(u, v);
        }
        int[] part = [.. Enumerable.Range(0, nodes).Select(_ => rng.NextInt(clusters))];
        return (builder.Build(), part, clusters);
    }
}
