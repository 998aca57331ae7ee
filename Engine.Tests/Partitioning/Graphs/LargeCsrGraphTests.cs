using ClusterGcn.Engine.Partitioning.Graphs;
using ClusterGcn.Engine.Partitioning.Randomness;
using ClusterGcn.Engine.Tests.Partitioning.Refinement;
using ClusterGcn.Engine.Tests.Support;

namespace ClusterGcn.Engine.Tests.Partitioning.Graphs;

public sealed class LargeCsrGraphTests
{
    /// <summary>A weighted graph with weighted nodes, isolated nodes and rows of very different lengths.</summary>
    internal static CsrGraph WeightedWithNodeWeights(int n, ulong seed)
    {
        var graph = RefinerTests.WeightedRandom(n, 4, seed);
        var random = new SplitMix64(seed + 100);
        int[] nodeWeights = Enumerable.Range(0, n).Select(_ => 1 + random.NextInt(5)).ToArray();
        return new CsrGraph(graph.RowPtr.ToArray(), graph.ColIdx.ToArray(), graph.EdgeWeights.ToArray(), nodeWeights);
    }

    private static IEnumerable<CsrGraph> Graphs() =>
        [GraphFactories.Grid(13, 17), GraphFactories.StarWithIsolatedNode(40), WeightedWithNodeWeights(300, 3), new CsrGraph([0], [])];

    [Test]
    public void Rows_weights_and_degrees_equal_the_csr_graphs([Values(40, 64, 1000, 0)] int capacity)
    {
        foreach (var graph in Graphs())
        {
            var large = LargeCsrGraph.From(graph, capacity);

            Assert.That(large.NodeCount, Is.EqualTo(graph.NodeCount));
            Assert.That(large.EntryCount, Is.EqualTo(graph.EntryCount));
            Assert.That(large.HasEdgeWeights, Is.EqualTo(graph.HasEdgeWeights));
            Assert.That(large.HasNodeWeights, Is.EqualTo(graph.HasNodeWeights));
            Assert.That(large.RowPtr.ToArray(), Is.EqualTo(graph.RowPtr.ToArray().Select(p => (long)p)));
            for (int u = 0; u < graph.NodeCount; u++)
            {
                Assert.That(large.Neighbors(u).ToArray(), Is.EqualTo(graph.Neighbors(u).ToArray()), $"row {u}");
                int[] weights = graph.HasEdgeWeights ? graph.EdgeWeights.Slice(graph.RowPtr[u], graph.Degree(u)).ToArray() : [];
                Assert.That(large.NeighborWeights(u).ToArray(), Is.EqualTo(weights), $"weights of row {u}");
                Assert.That(large.Degree(u), Is.EqualTo(graph.Degree(u)));
                Assert.That(large.NodeWeight(u), Is.EqualTo(graph.NodeWeight(u)));
            }
        }
    }

    [Test]
    public void Rows_fill_a_chunk_in_order_and_the_first_that_does_not_fit_opens_the_next([Values(40, 64, 1000)] int capacity)
    {
        foreach (var graph in Graphs())
        {
            // Greedy filling, as the builder promises: a chunk takes rows until the next would overflow it.
            int chunks = 1, used = 0;
            for (int u = 0; u < graph.NodeCount; u++)
            {
                if (used + graph.Degree(u) > capacity) (chunks, used) = (chunks + 1, 0);
                used += graph.Degree(u);
            }

            Assert.That(LargeCsrGraph.From(graph, capacity).ChunkCount, Is.EqualTo(chunks));
        }
    }

    [Test]
    public void One_chunk_holds_a_graph_that_fits_an_array()
    {
        Assert.That(LargeCsrGraph.From(GraphFactories.Grid(30, 30)).ChunkCount, Is.EqualTo(1));
        Assert.That(LargeCsrGraph.DefaultChunkCapacity, Is.EqualTo(Array.MaxLength));
    }

    [Test]
    public void A_chunked_graph_converts_back_to_the_same_csr_graph()
    {
        var graph = WeightedWithNodeWeights(200, 7);

        var back = LargeCsrGraph.From(graph, 50).ToCsrGraph();

        Assert.That(back.RowPtr.ToArray(), Is.EqualTo(graph.RowPtr.ToArray()));
        Assert.That(back.ColIdx.ToArray(), Is.EqualTo(graph.ColIdx.ToArray()));
        Assert.That(back.EdgeWeights.ToArray(), Is.EqualTo(graph.EdgeWeights.ToArray()));
        Assert.That(back.NodeWeights.ToArray(), Is.EqualTo(graph.NodeWeights.ToArray()));
    }

    [Test]
    public void A_row_longer_than_a_chunk_is_a_one_line_error()
    {
        var star = GraphFactories.StarWithIsolatedNode(40);

        Errors.AssertOneLine(() => LargeCsrGraph.From(star, 39), "node 0 has more than 39 entries");
    }

    [Test]
    public void The_builder_checks_like_a_csr_graph_in_one_line()
    {
        LargeCsrGraph Build(int nodes, int[][] rows, int[]? nodeWeights = null, bool weighted = false)
        {
            var builder = new LargeCsrGraph.Builder(nodes, weighted, chunkCapacity: 4);
            foreach (int[] row in rows)
            {
                foreach (int v in row) builder.Add(v, weighted ? v - 1 : 1);
                builder.EndRow();
            }
            return builder.Build(nodeWeights);
        }

        Assert.That(Build(3, [[1, 2], [0], [0]]).EntryCount, Is.EqualTo(4));
        Errors.AssertOneLine(() => Build(3, [[1, 3], [0], [0]]), "entry (0, 3) lies outside the 3 columns");
        Errors.AssertOneLine(() => Build(3, [[1], [-1], [0]]), "entry (1, -1) lies outside the 3 columns");
        Errors.AssertOneLine(() => Build(3, [[1, 2], [0], [0]], weighted: true), "edge weights[2] = -1 is negative");
        Errors.AssertOneLine(() => Build(3, [[1], [0]]), "2 rows were ended, expected 3");
        Errors.AssertOneLine(() => Build(2, [[1], [0], []]), "more than the 2 rows");
        Errors.AssertOneLine(() => Build(2, [[1], [0]], nodeWeights: [1]), "node weights have 1 entries, expected 2");
        Errors.AssertOneLine(() => Build(2, [[1], [0]], nodeWeights: [1, -2]), "node weights[1] = -2 is negative");
        Errors.AssertOneLine(() => new LargeCsrGraph.Builder(-1, false), "node count -1");
    }

    [Test]
    public void Entries_added_after_the_last_row_are_an_error()
    {
        var builder = new LargeCsrGraph.Builder(1, false);
        builder.EndRow();
        builder.Add(0);

        Errors.AssertOneLine(() => builder.Build(), "after the last row ended");
    }
}
