using ClusterGcn.Engine.Partitioning.Generators;
using ClusterGcn.Engine.Partitioning.Graphs;
using ClusterGcn.Engine.Partitioning.Multilevel;
using ClusterGcn.Engine.Partitioning.Multilevel.Coarsening;
using ClusterGcn.Engine.Partitioning.Multilevel.Initial;
using ClusterGcn.Engine.Partitioning.Randomness;
using ClusterGcn.Engine.Tests.Support;

namespace ClusterGcn.Engine.Tests.Partitioning.Initial;

public sealed class BisectionCoarseningTests
{
    [Test]
    public void Contraction_keeps_weights_and_every_coarse_cut_equals_its_projected_cut([Values(1ul, 2ul)] ulong seed, [Values] bool weighted)
    {
        // Unweighted: the bisection reads every edge as weight 1 without an array of them.
        CsrGraph csr = weighted ? InitialGraphs.Weighted(GraphFactories.Grid(12, 15), seed) : GraphFactories.Grid(12, 15);
        var graph = WeightedGraph.From(csr);
        var random = new SplitMix64(seed);

        var (coarse, coarseOf) = BisectionCoarsening.Contract(graph, maxNodeWeight: 8, powerLaw: false, ref random, new BisectionScratch(graph.NodeCount))!.Value;

        Assert.That(coarse.NodeCount, Is.LessThan(graph.NodeCount * 0.9));
        Assert.That(coarse.TotalNodeWeight, Is.EqualTo(graph.TotalNodeWeight));
        Assert.That(coarse.NodeWeights, Is.All.LessThanOrEqualTo(Math.Max(8, graph.NodeWeights.Max())));
        var coarseCsr = new CsrGraph(coarse.RowPtr, coarse.ColIdx[..coarse.EntryCount], coarse.EdgeWeights![..coarse.EntryCount], coarse.NodeWeights); // validates the CSR
        int[] coarseSide = new SplitMix64(seed + 10).Permutation(coarse.NodeCount).Select(c => c % 2).ToArray();
        int[] fineSide = coarseOf.Select(c => coarseSide[c]).ToArray();
        Assert.That(PartitionMetrics.EdgeCut(coarseCsr, coarseSide), Is.EqualTo(PartitionMetrics.EdgeCut(csr, fineSide)));
        Assert.That(PartitionMetrics.BlockWeights(coarseCsr, coarseSide, 2), Is.EqualTo(PartitionMetrics.BlockWeights(csr, fineSide, 2)));
    }

    [Test]
    public void The_same_seed_and_cap_give_the_same_coarse_graph_as_k_way_matching_and_contraction([Values(1ul, 2ul)] ulong seed)
    {
        // Both use the one heavy-edge matching and the one row builder; the orders agree (same stream, same shuffle).
        CsrGraph csr = InitialGraphs.Weighted(GraphFactories.Grid(12, 15), seed);
        var random = new SplitMix64(seed);
        var (coarse, coarseOf) = BisectionCoarsening.Contract(WeightedGraph.From(csr), maxNodeWeight: 8, powerLaw: false, ref random, new BisectionScratch(csr.NodeCount))!.Value;

        var (kWay, cmap) = Contraction.Contract(csr, HeavyEdgeMatching.Match(csr, 8, seed).Label, threads: 2);

        Assert.That(coarseOf, Is.EqualTo(cmap));
        Assert.That((coarse.RowPtr, coarse.ColIdx, coarse.EdgeWeights, coarse.NodeWeights),
            Is.EqualTo((kWay.RowPtr.ToArray(), kWay.ColIdx.ToArray(), kWay.EdgeWeights.ToArray(), kWay.NodeWeights.ToArray())));
    }

    [Test]
    public void Large_power_law_levels_contract_label_propagation_clusters_as_k_way_contraction_does([Values(1ul, 2ul)] ulong seed)
    {
        CsrGraph csr = InitialGraphs.Weighted(PowerLawSbm.Generate(new SbmSpec(BisectionCoarsening.PropagationMinNodes, 60_000, 20), seed).Graph, seed);
        const long cap = 200;
        var random = new SplitMix64(seed);
        var (coarse, coarseOf) = BisectionCoarsening.Contract(WeightedGraph.From(csr), cap, powerLaw: true, ref random, new BisectionScratch(csr.NodeCount))!.Value;

        // The same stream seeds the same clustering; the k-way contraction of its clusters is the reference.
        Clustering clustering = LabelPropagationClustering.Cluster(csr, cap, rounds: 5, new SplitMix64(seed).Next(), threads: 2);
        TwoHopClustering.MergeSingletons(clustering, csr.NodeWeight, cap);
        var (kWay, cmap) = Contraction.Contract(csr, clustering.Label, threads: 2);

        Assert.That(coarse.NodeCount, Is.LessThan(csr.NodeCount / 4), "clusters of several nodes");
        Assert.That(coarseOf, Is.EqualTo(cmap));
        Assert.That((coarse.RowPtr, coarse.ColIdx, coarse.EdgeWeights, coarse.NodeWeights),
            Is.EqualTo((kWay.RowPtr.ToArray(), kWay.ColIdx.ToArray(), kWay.EdgeWeights.ToArray(), kWay.NodeWeights.ToArray())));
    }

    [Test]
    public void Small_power_law_levels_are_matched_like_meshes()
    {
        CsrGraph csr = InitialGraphs.Weighted(PowerLawSbm.Generate(new SbmSpec(2_000, 12_000, 10), 3).Graph, 3);
        var random = new SplitMix64(3);
        var meshLike = BisectionCoarsening.Contract(WeightedGraph.From(csr), 8, powerLaw: false, ref random, new BisectionScratch(csr.NodeCount))!.Value;
        random = new SplitMix64(3);
        var powerLaw = BisectionCoarsening.Contract(WeightedGraph.From(csr), 8, powerLaw: true, ref random, new BisectionScratch(csr.NodeCount))!.Value;
        Assert.That(powerLaw.CoarseOf, Is.EqualTo(meshLike.CoarseOf));
    }

    [Test]
    public void A_star_barely_shrinks_so_it_is_not_contracted()
    {
        var graph = WeightedGraph.From(GraphFactories.StarWithIsolatedNode(leaves: 50));
        var random = new SplitMix64(1);
        Assert.That(BisectionCoarsening.Contract(graph, maxNodeWeight: 100, powerLaw: false, ref random, new BisectionScratch(graph.NodeCount)), Is.Null);
    }

    [Test]
    public void Per_level_bounds_let_every_final_block_reach_the_bound([Values(2, 3, 7, 64, 1500)] int k)
    {
        // Following the largest allowed side all the way down must never give a block more than L.
        const long total = 1_000_003;
        long maxBlockWeight = new PartitionOptions(k).MaxBlockWeight(total);
        long weight = total;
        for (int parts = k; parts > 1; parts = (parts + 1) / 2)
            weight = RecursiveBisection.Bounds(weight, parts, maxBlockWeight).Max0;
        Assert.That(weight, Is.LessThanOrEqualTo(maxBlockWeight));
    }
}
