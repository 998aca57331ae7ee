using ClusterGcn.Engine.Partitioning.Graphs;
using ClusterGcn.Engine.Partitioning.Multilevel;
using ClusterGcn.Engine.Partitioning.Multilevel.Refinement;
using ClusterGcn.Engine.Partitioning.Randomness;
using ClusterGcn.Engine.Tests.Support;

namespace ClusterGcn.Engine.Tests.Partitioning.Refinement;

public sealed class RefinerTests
{
    [Test]
    public void Never_raises_the_cut_nor_breaks_balance_of_a_balanced_partition([Values(2, 8, 13)] int k, [Values(1UL, 2UL)] ulong seed)
    {
        foreach (var graph in new[] { GraphFactories.PlantedPartition(8, 40, 8, 2, seed), GraphFactories.Grid(15, 17), WeightedRandom(300, 6, seed) })
        {
            var options = new PartitionOptions(k, Seed: seed);
            int[] part = RoundRobin(graph.NodeCount, k, seed);
            long before = PartitionMetrics.EdgeCut(graph, part);

            Refiner.Refine(graph, part, options);

            Assert.That(PartitionMetrics.EdgeCut(graph, part), Is.LessThanOrEqualTo(before));
            AssertBalanced(graph, part, options);
        }
    }

    [Test]
    public void Misplaced_nodes_of_two_cliques_go_home_and_only_the_bridges_stay_cut()
    {
        const int Size = 20, Bridges = 3;
        var graph = GraphFactories.TwoCliques(Size, Bridges);
        int[] part = [.. Enumerable.Range(0, 2 * Size).Select(u => u / Size)];
        foreach (int u in new[] { 10, 11 }) (part[u], part[Size + u]) = (1, 0); // swapped pairs, away from the bridges
        var options = new PartitionOptions(2, Imbalance: 0.1);
        Assert.That(PartitionMetrics.EdgeCut(graph, part), Is.GreaterThan(Bridges));

        Refiner.Refine(graph, part, options);

        Assert.That(PartitionMetrics.EdgeCut(graph, part), Is.EqualTo(Bridges));
    }

    [Test]
    public void A_noisy_planted_partition_gets_strictly_better()
    {
        var graph = GraphFactories.PlantedPartition(8, 40, 8, 1, seed: 5);
        var options = new PartitionOptions(8, Seed: 3);
        var random = new SplitMix64(9);
        int[] part = [.. Enumerable.Range(0, graph.NodeCount).Select(u => random.NextDouble() < 0.2 ? random.NextInt(8) : u / 40)];
        long before = PartitionMetrics.EdgeCut(graph, part);

        Refiner.Refine(graph, part, options);

        Assert.That(PartitionMetrics.EdgeCut(graph, part), Is.LessThan(before));
        AssertBalanced(graph, part, options);
    }

    [Test]
    public void Restores_balance_when_every_node_starts_in_block_0([Values(2, 7, 64)] int k, [Values] bool weighted)
    {
        var grid = GraphFactories.Grid(20, 20);
        // Weights 1..4 in stripes: blocks cannot simply count nodes.
        var graph = weighted ? new CsrGraph(grid.RowPtr.ToArray(), grid.ColIdx.ToArray(), nodeWeights: [.. Enumerable.Range(0, 400).Select(u => 1 + u % 4)]) : grid;
        var options = new PartitionOptions(k);
        var part = new int[graph.NodeCount];

        Refiner.Refine(graph, part, options);

        AssertBalanced(graph, part, options);
    }

    [Test]
    public void Balances_around_a_node_heavier_than_the_average_block()
    {
        var path = GraphFactories.Path(6);
        var graph = new CsrGraph(path.RowPtr.ToArray(), path.ColIdx.ToArray(), nodeWeights: [10, 1, 1, 1, 1, 1]);
        var options = new PartitionOptions(3);
        var part = new int[6];

        Refiner.Refine(graph, part, options);

        AssertBalanced(graph, part, options);
    }

    [Test]
    public void With_k_equal_to_n_every_block_ends_with_one_node()
    {
        var graph = GraphFactories.Path(10);
        var part = new int[10];

        Refiner.Refine(graph, part, new PartitionOptions(10));

        Assert.That(part.Order(), Is.EqualTo(Enumerable.Range(0, 10)));
    }

    [Test]
    public void Same_seed_gives_the_same_partition_on_1_and_4_threads_and_other_seeds_differ()
    {
        var graph = GraphFactories.PlantedPartition(16, 60, 10, 3, seed: 4);
        int[] Run(ulong seed, int threads)
        {
            int[] part = RoundRobin(graph.NodeCount, 16, seed: 1);
            Refiner.Refine(graph, part, new PartitionOptions(16, Seed: seed, Threads: threads));
            return part;
        }

        Assert.That(Run(1, 4), Is.EqualTo(Run(1, 1)));
        Assert.That(Run(2, 4), Is.EqualTo(Run(2, 1)));
        Assert.That(Run(2, 1), Is.Not.EqualTo(Run(1, 1)));
    }

    [Test]
    public void One_block_is_left_alone()
    {
        var graph = GraphFactories.Grid(4, 5);
        var part = new int[graph.NodeCount];

        Refiner.Refine(graph, part, new PartitionOptions(1));

        Assert.That(part, Is.All.EqualTo(0));
    }

    [Test]
    public void Isolated_nodes_and_the_empty_graph_are_handled()
    {
        var star = GraphFactories.StarWithIsolatedNode(leaves: 9);
        var starPart = new int[star.NodeCount];
        var starOptions = new PartitionOptions(3);
        Refiner.Refine(star, starPart, starOptions);
        AssertBalanced(star, starPart, starOptions);

        var edgeless = new CsrBuilder(10).Build();
        var edgelessPart = new int[10];
        var edgelessOptions = new PartitionOptions(4);
        Refiner.Refine(edgeless, edgelessPart, edgelessOptions);
        AssertBalanced(edgeless, edgelessPart, edgelessOptions);

        var empty = new CsrGraph([0], []);
        Assert.DoesNotThrow(() => Refiner.Refine(empty, [], new PartitionOptions(1)));
    }

    [Test]
    public void A_block_id_outside_k_is_rejected()
    {
        var graph = GraphFactories.Path(3);
        Assert.Throws<ArgumentException>(() => Refiner.Refine(graph, [0, 1, 2], new PartitionOptions(2)));
    }

    /// <summary>n nodes, each with <paramref name="degree"/> random edges of weight 0..9 (zero weights included:
    /// CsrGraph allows them).</summary>
    internal static CsrGraph WeightedRandom(int n, int degree, ulong seed)
    {
        var random = new SplitMix64(seed);
        var rowPtr = new List<int> { 0 };
        var pairs = new SortedDictionary<(int, int), int>();
        for (int u = 0; u < n; u++)
            for (int i = 0; i < degree; i++)
            {
                int v = random.NextInt(n), w = random.NextInt(10);
                if (u != v) pairs[(Math.Min(u, v), Math.Max(u, v))] = w;
            }
        var rows = Enumerable.Range(0, n).Select(_ => new List<(int V, int W)>()).ToArray();
        foreach (var ((a, b), w) in pairs) { rows[a].Add((b, w)); rows[b].Add((a, w)); }
        var colIdx = new List<int>();
        var edgeWeights = new List<int>();
        foreach (var row in rows)
        {
            foreach (var (v, w) in row.OrderBy(x => x.V)) { colIdx.Add(v); edgeWeights.Add(w); }
            rowPtr.Add(colIdx.Count);
        }
        return new CsrGraph([.. rowPtr], [.. colIdx], [.. edgeWeights]);
    }

    /// <summary>Node u in block perm(u) mod k: balanced (sizes differ by at most one) and, for any structure, bad.</summary>
    internal static int[] RoundRobin(int n, int k, ulong seed)
    {
        int[] order = new SplitMix64(seed).Permutation(n);
        var part = new int[n];
        for (int i = 0; i < n; i++) part[order[i]] = i % k;
        return part;
    }

    internal static void AssertBalanced(CsrGraph graph, int[] part, PartitionOptions options)
    {
        int heaviest = graph.NodeCount == 0 ? 0 : Enumerable.Range(0, graph.NodeCount).Max(graph.NodeWeight);
        long bound = options.MaxBlockWeight(PartitionMetrics.TotalNodeWeight(graph), heaviest);
        long[] weights = PartitionMetrics.BlockWeights(graph, part, options.Parts);
        Assert.That(weights.Max(), Is.LessThanOrEqualTo(bound), $"block weights {string.Join(",", weights)} over the bound {bound}");
    }
}
