using ClusterGcn.Engine.Partitioning.Graphs;
using ClusterGcn.Engine.Partitioning.Multilevel.Coarsening;
using ClusterGcn.Engine.Tests.Support;

namespace ClusterGcn.Engine.Tests.Partitioning.Coarsening;

public sealed class HeavyEdgeMatchingTests
{
    [Test]
    public void Clusters_are_adjacent_pairs_or_singles_within_the_cap()
    {
        // Weighted: a contracted grid, so node weights differ and some pairs would exceed the cap.
        var grid = GraphFactories.Grid(20, 20);
        CsrGraph weighted = Contraction.Contract(grid, HeavyEdgeMatching.Match(grid, 2, seed: 1).Label, threads: 1).Coarse;
        Clustering matching = HeavyEdgeMatching.Match(weighted, 3, seed: 2);

        var members = Enumerable.Range(0, weighted.NodeCount).GroupBy(u => matching.Label[u]).ToList();
        Assert.That(members.Count, Is.LessThan(weighted.NodeCount), "some nodes find a partner");
        foreach (var pair in members)
        {
            Assert.That(pair.Count(), Is.LessThanOrEqualTo(2));
            if (pair.Count() == 2)
            {
                Assert.That(weighted.Neighbors(pair.First()).ToArray(), Does.Contain(pair.Last()));
                Assert.That(pair.Sum(weighted.NodeWeight), Is.LessThanOrEqualTo(3));
            }
            Assert.That(matching.ClusterWeight[pair.Key], Is.EqualTo(pair.Sum(weighted.NodeWeight)));
        }
    }

    [Test]
    public void A_pair_takes_the_heaviest_edge()
    {
        // A square with two heavy sides: whichever node is visited first, the heavy sides become the pairs.
        //   0 =5= 1
        //   1     1
        //   2 =5= 3
        var graph = new CsrBuilder(4).AddEdge(0, 1, 5).AddEdge(2, 3, 5).AddEdge(0, 2, 1).AddEdge(1, 3, 1).Build();
        foreach (ulong seed in new ulong[] { 1, 2, 3, 4 })
        {
            int[] label = HeavyEdgeMatching.Match(graph, 10, seed).Label;
            Assert.That((label[0] == label[1], label[2] == label[3], label[0] != label[2]), Is.EqualTo((true, true, true)), $"seed {seed}");
        }
    }

    [Test]
    public void Same_seed_same_matching_other_seeds_differ()
    {
        var grid = GraphFactories.Grid(16, 16);
        int[] first = HeavyEdgeMatching.Match(grid, 2, seed: 5).Label;
        Assert.That(HeavyEdgeMatching.Match(grid, 2, seed: 5).Label, Is.EqualTo(first));
        Assert.That(new ulong[] { 6, 7 }.Select(seed => HeavyEdgeMatching.Match(grid, 2, seed).Label), Has.Some.Not.EqualTo(first));
    }
}
