using ClusterGcn.Engine.Partitioning.Graphs;

namespace ClusterGcn.Engine.Tests.Partitioning.Graphs;

public sealed class CsrBuilderTests
{
    [Test]
    public void Directed_input_becomes_symmetric_without_self_loops_or_duplicates()
    {
        // 0 -> 1, 1 -> 0 (same edge twice), 1 -> 2, 2 -> 2 (self-loop), 3 isolated
        var graph = new CsrBuilder(4).AddEdge(0, 1).AddEdge(1, 0).AddEdge(1, 2).AddEdge(2, 2).Build();

        Assert.That(graph.HasEdgeWeights, Is.False);
        Assert.That(graph.Neighbors(0).ToArray(), Is.EqualTo(new[] { 1 }));
        Assert.That(graph.Neighbors(1).ToArray(), Is.EqualTo(new[] { 0, 2 }));
        Assert.That(graph.Neighbors(2).ToArray(), Is.EqualTo(new[] { 1 }));
        Assert.That(graph.Neighbors(3).ToArray(), Is.Empty);
        Assert.That(graph.EntryCount, Is.EqualTo(4));
    }

    [Test]
    public void Weights_of_repeated_edges_add_up_in_either_direction()
    {
        var graph = new CsrBuilder(3).AddEdge(0, 1, 2).AddEdge(1, 0, 3).AddEdge(1, 2).Build();

        Assert.That(graph.HasEdgeWeights, Is.True);
        Assert.That(Weight(graph, 0, 1), Is.EqualTo(5));
        Assert.That(Weight(graph, 1, 0), Is.EqualTo(5));
        Assert.That(Weight(graph, 1, 2), Is.EqualTo(1), "an unweighted edge weighs 1 in a weighted graph");
    }

    [Test]
    public void The_result_does_not_depend_on_input_order()
    {
        var a = new CsrBuilder(5).AddEdge(0, 4).AddEdge(3, 1).AddEdge(2, 0).AddEdge(4, 3).Build();
        var b = new CsrBuilder(5).AddEdge(3, 4).AddEdge(0, 2).AddEdge(1, 3).AddEdge(4, 0).Build();

        Assert.That(a.RowPtr.ToArray(), Is.EqualTo(b.RowPtr.ToArray()));
        Assert.That(a.ColIdx.ToArray(), Is.EqualTo(b.ColIdx.ToArray()));
    }

    [Test]
    public void Empty_graph_is_valid()
    {
        var graph = new CsrBuilder(0).Build();
        Assert.That(graph.NodeCount, Is.Zero);
        Assert.That(graph.EntryCount, Is.Zero);
    }

    [TestCase(0, 5, "edge 0 (0, 5) points outside the 3 nodes")]
    [TestCase(-1, 1, "edge 0 (-1, 1) points outside the 3 nodes")]
    public void An_edge_outside_the_graph_is_a_one_line_error(int u, int v, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => new CsrBuilder(3).AddEdge(u, v));
        Assert.That(e!.Message, Does.Contain(message).And.Not.Contain("\n"));
    }

    [Test]
    public void A_non_positive_weight_is_a_one_line_error()
    {
        var e = Assert.Throws<ArgumentException>(() => new CsrBuilder(3).AddEdge(0, 1, 0));
        Assert.That(e!.Message, Does.Contain("weights must be positive").And.Not.Contain("\n"));
    }

    [Test]
    public void A_merged_weight_that_overflows_is_a_one_line_error()
    {
        var builder = new CsrBuilder(2).AddEdge(0, 1, int.MaxValue).AddEdge(1, 0, 1);
        var e = Assert.Throws<ArgumentException>(() => builder.Build());
        Assert.That(e!.Message, Does.Contain("merged weight").And.Not.Contain("\n"));
    }

    private static int Weight(CsrGraph graph, int u, int v)
    {
        int index = graph.Neighbors(u).IndexOf(v);
        Assert.That(index, Is.GreaterThanOrEqualTo(0), $"no edge ({u}, {v})");
        return graph.EdgeWeight(graph.RowPtr[u] + index);
    }
}
