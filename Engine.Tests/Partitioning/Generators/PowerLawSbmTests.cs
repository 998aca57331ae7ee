using ClusterGcn.Engine.Partitioning.Generators;
using ClusterGcn.Engine.Partitioning.Graphs;
using ClusterGcn.Engine.Tests.Support;

namespace ClusterGcn.Engine.Tests.Partitioning.Generators;

public sealed class PowerLawSbmTests
{
    // Small enough to generate in milliseconds, big enough for the statistics to settle.
    private static readonly SbmSpec Spec = new(Nodes: 6_000, Edges: 60_000, Blocks: 12);
    private static readonly SbmGraph Graph = PowerLawSbm.Generate(Spec, seed: 1);

    [Test]
    public void Same_seed_same_graph_on_any_thread_count_other_seeds_differ()
    {
        var again = PowerLawSbm.Generate(Spec, seed: 1, threads: 1);
        Assert.That(again.Graph.RowPtr.ToArray(), Is.EqualTo(Graph.Graph.RowPtr.ToArray()));
        Assert.That(again.Graph.ColIdx.ToArray(), Is.EqualTo(Graph.Graph.ColIdx.ToArray()));
        Assert.That(again.Community, Is.EqualTo(Graph.Community));

        var other = PowerLawSbm.Generate(Spec, seed: 2, threads: 3);
        Assert.That(other.Graph.ColIdx.ToArray(), Is.Not.EqualTo(Graph.Graph.ColIdx.ToArray()));
        Assert.That(other.Community, Is.Not.EqualTo(Graph.Community));
    }

    [Test]
    public void Has_the_requested_size_within_a_few_percent()
    {
        Assert.That(Graph.Graph.NodeCount, Is.EqualTo(Spec.Nodes));
        Assert.That(Graph.Graph.EntryCount / 2, Is.InRange(Spec.Edges * 0.97, Spec.Edges * 1.03));
        Assert.That(Graph.Community, Is.All.InRange(0, Spec.Blocks - 1));
        Assert.That(Graph.Community.Distinct().Count(), Is.EqualTo(Spec.Blocks));
    }

    [Test]
    public void Is_undirected_with_sorted_rows_and_no_self_loops()
    {
        var g = Graph.Graph;
        for (int u = 0; u < g.NodeCount; u++)
        {
            var row = g.Neighbors(u);
            for (int i = 0; i < row.Length; i++)
            {
                Assert.That(row[i], Is.Not.EqualTo(u), "self-loop");
                if (i > 0) Assert.That(row[i], Is.GreaterThan(row[i - 1]), "rows sorted, no duplicates");
            }
        }
        // A symmetric graph with sorted rows is its own transpose, entry for entry.
        var transpose = CsrTranspose.Of(g.RowPtr, g.ColIdx, g.NodeCount);
        Assert.That(transpose.RowPtr, Is.EqualTo(g.RowPtr.ToArray()));
        Assert.That(transpose.ColIdx, Is.EqualTo(g.ColIdx.ToArray()));
    }

    [Test]
    public void Most_edges_stay_inside_communities_and_degrees_are_heavy_tailed()
    {
        var g = Graph.Graph;
        long inside = 0;
        for (int u = 0; u < g.NodeCount; u++)
            foreach (int v in g.Neighbors(u))
                if (Graph.Community[u] == Graph.Community[v]) inside++;
        Assert.That((double)inside / g.EntryCount, Is.InRange(Spec.InsideFraction - 0.03, Spec.InsideFraction + 0.03));

        var degrees = Enumerable.Range(0, g.NodeCount).Select(g.Degree).Order().ToArray();
        double mean = (double)g.EntryCount / g.NodeCount;
        Assert.That(degrees[^1], Is.GreaterThan(10 * mean), "hubs: a power law, not a Poisson tail");
        Assert.That(degrees[g.NodeCount / 2], Is.LessThan(mean), "the median sits below the mean");
    }

    [Test]
    public void Node_ids_do_not_give_the_communities_away()
    {
        // Ids are a seeded permutation: consecutive ids rarely share a community (1 / blocks by chance).
        int same = Enumerable.Range(1, Spec.Nodes - 1).Count(u => Graph.Community[u] == Graph.Community[u - 1]);
        Assert.That(same, Is.LessThan(Spec.Nodes / 4));
    }

    [TestCase(5, 10, 3, 2.3, "each block needs at least 2 nodes")]
    [TestCase(100, 100, 2, 0.5, "exponent 0.5 must be in (2, 4)")]
    [TestCase(100, 100_000, 2, 2.3, "pairs there")]
    public void Bad_specs_are_one_line_errors(int nodes, long edges, int blocks, double exponent, string fragment)
    {
        Errors.AssertOneLine(() => PowerLawSbm.Generate(new SbmSpec(nodes, edges, blocks, exponent), seed: 1), fragment);
    }
}
