using ClusterGcn.Engine.Partitioning.Generators;
using ClusterGcn.Engine.Partitioning.Graphs;
using ClusterGcn.Engine.Partitioning.Multilevel;
using ClusterGcn.Engine.Tests.Support;

namespace ClusterGcn.Engine.Tests.Partitioning.Generators;

public sealed class PlantedCommunitiesTests
{
    private static readonly PlantedSpec Spec = new(Nodes: 3_000, CommunitySize: 100, Inside: 0.3, Between: 0.05);

    private static int[][] Rows(LargeCsrGraph graph) => [.. Enumerable.Range(0, graph.NodeCount).Select(u => graph.Neighbors(u).ToArray())];

    [Test]
    public void Rows_are_sorted_symmetric_and_join_only_a_community_and_its_ring_neighbours([Values(100, 64, 250, 3_000, 5_000)] int communitySize)
    {
        var spec = Spec with { CommunitySize = communitySize };
        var graph = PlantedCommunities.Generate(spec, seed: 4);
        int communities = (spec.Nodes + communitySize - 1) / communitySize;

        var csr = graph.ToCsrGraph(); // validates ranges
        var transpose = CsrTranspose.Of(csr.RowPtr, csr.ColIdx, csr.NodeCount);
        Assert.That(transpose.ColIdx, Is.EqualTo(csr.ColIdx.ToArray()), "symmetric, rows sorted, no duplicates");
        for (int u = 0; u < graph.NodeCount; u++)
            foreach (int v in graph.Neighbors(u))
            {
                Assert.That(v, Is.Not.EqualTo(u), "no self-loops");
                int gap = Math.Abs(u / communitySize - v / communitySize);
                Assert.That(gap is 0 or 1 || gap == communities - 1, $"edge {u}-{v} joins communities {u / communitySize} and {v / communitySize}");
            }
    }

    [Test]
    public void Edges_come_close_to_the_expected_count()
    {
        var graph = PlantedCommunities.Generate(Spec, seed: 1);
        Assert.That(graph.EntryCount, Is.EqualTo(Spec.ExpectedEntries).Within(3).Percent);
    }

    [Test]
    public void The_seed_alone_decides_the_graph()
    {
        int[][] reference = Rows(PlantedCommunities.Generate(Spec, seed: 7, threads: 1));

        var chunked = PlantedCommunities.Generate(Spec, seed: 7, threads: 3, chunkCapacity: 500);
        Assert.That(chunked.ChunkCount, Is.GreaterThan(1));
        Assert.That(Rows(chunked), Is.EqualTo(reference), "3 threads, chunks of 500 entries");
        Assert.That(Rows(PlantedCommunities.Generate(Spec, seed: 8, threads: 1)), Is.Not.EqualTo(reference), "another seed");
    }

    [Test]
    public void Partitioning_into_one_block_per_community_cuts_only_the_ring_edges()
    {
        var spec = new PlantedSpec(Nodes: 16 * 64, CommunitySize: 64, Inside: 0.5, Between: 0.02);
        CsrGraph graph = PlantedCommunities.Generate(spec, seed: 3).ToCsrGraph();
        long between = 0;
        for (int u = 0; u < graph.NodeCount; u++)
            foreach (int v in graph.Neighbors(u))
                if (u / 64 != v / 64) between++;

        var result = new MultilevelPartitioner(new PartitionOptions(Parts: 16, Seed: 1)).Partition(graph);

        Assert.That(between / 2, Is.GreaterThan(0));
        Assert.That(result.EdgeCut, Is.EqualTo(between / 2), "every community is one block");
    }

    [Test]
    public void A_spec_out_of_range_is_a_one_line_error()
    {
        Errors.AssertOneLine(() => PlantedCommunities.Generate(Spec with { Nodes = 0 }, seed: 1), "0 nodes");
        Errors.AssertOneLine(() => PlantedCommunities.Generate(Spec with { CommunitySize = 0 }, seed: 1), "community size 0");
        Errors.AssertOneLine(() => PlantedCommunities.Generate(Spec with { Inside = 1.5 }, seed: 1), "must lie in [0, 1]");
        Errors.AssertOneLine(() => PlantedCommunities.Generate(Spec with { Between = double.NaN }, seed: 1), "must lie in [0, 1]");
    }
}
