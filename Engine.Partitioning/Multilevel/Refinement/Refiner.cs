using ClusterGcn.Engine.Partitioning.Graphs;
using ClusterGcn.Engine.Partitioning.Multilevel.Coarsening;

namespace ClusterGcn.Engine.Partitioning.Multilevel.Refinement;

/// <summary>Refines the partition of one level: restore balance if needed, then label propagation and localized FM
/// (again while FM still finds gains), then balance again if the bound still does not hold.</summary>
public static class Refiner
{
    private const ulong Phase = 0x5EF1;
    private const ulong BalanceStream = 0, FinalBalanceStream = 1, PropagationStream = 2, FmStream = 3;

    /// <summary>At most this many LP + FM passes per level. Each FM pass starts with every node unlocked, so later
    /// passes keep finding gains on meshes: going from 3 to 8 passes cut 1M-node meshes by 1–3% (k = 64 and 1500).</summary>
    internal const int MaxPasses = 8;

    /// <summary>Another pass runs only while FM's last reduction is at least 1/this of the pass's reduction...</summary>
    internal const int FmShareToContinue = 1000;

    /// <summary>... and at least 1/this of the cut. On meshes FM is held back by its work budget, not by a lack of
    /// moves, so it finds a little more in every pass; passes worth under 1/300 of the cut took 30-45% of the
    /// refinement time of 1M-node meshes for 0.0-0.4% of cut (seed 1, k = 64 and 1500, 1 thread).</summary>
    internal const int CutShareToContinue = 300;

    /// <summary>FM may scan this many entries and gain-cache slots per node per pass. On meshes (degree 4–6) a larger
    /// budget barely mattered (1M-node 2-D mesh, k = 1500: 0.1% less cut for 3× the budget); on a Reddit-like power-law
    /// graph (degree ~450) FM finds almost nothing, and this caps it at a small fraction of one LP round.</summary>
    internal const int FmWorkPerNode = 16;

    /// <summary>Moves nodes of <paramref name="graph"/> between blocks to lower the cut, keeping (or restoring) every
    /// block within <see cref="PartitionOptions.MaxBlockWeight"/>.</summary>
    /// <remarks>Never raises the cut of a balanced partition. Seeds derive from <see cref="PartitionOptions.Seed"/> and
    /// the level's node count, so each level draws its own numbers and the result does not depend on the thread count.</remarks>
    /// <exception cref="ArgumentException">The partition's length is not the node count, or a block id is outside [0, k).</exception>
    public static void Refine(CsrGraph graph, int[] part, PartitionOptions options) => Refine(graph, part, options, null);

    /// <summary>As <see cref="Refine(CsrGraph, int[], PartitionOptions)"/>, with FM working in <paramref name="scratch"/>
    /// (one scratch serves every level of a multilevel run: the finest level is the biggest).</summary>
    internal static void Refine(CsrGraph graph, int[] part, PartitionOptions options, RefinementScratch? scratch) =>
        Refine(new CsrView(graph), part, options, scratch);

    /// <summary>As <see cref="Refine(CsrGraph, int[], PartitionOptions)"/>, on any graph view.</summary>
    internal static void Refine<TGraph>(TGraph graph, int[] part, PartitionOptions options, RefinementScratch? scratch)
        where TGraph : struct, IGraphView
    {
        var state = new RefinementState<TGraph>(graph, part, options.Parts, MaxBlockWeight(graph, options));
        if (options.Parts == 1 || graph.NodeCount == 0) return;
        scratch = RefinementScratch.For(scratch, graph.NodeCount);
        ulong Seed(ulong stream) => Randomness.SplitMix64.Derive(options.SeedFor(Phase, (ulong)graph.NodeCount), stream);

        Balancer.Rebalance(state, Seed(BalanceStream));
        long cut = -1; // computed when first needed: a scan of the level's entries
        for (ulong pass = 0; pass < MaxPasses; pass++)
        {
            long propagated = LabelPropagationRefiner.Refine(state, Seed(PropagationStream + 4 * pass), options.EffectiveThreads);
            long fm = KWayFmRefiner.Refine(state, Seed(FmStream + 4 * pass), (long)FmWorkPerNode * graph.NodeCount, scratch, (int)pass, options.EffectiveThreads);
            // FM's moves open new LP moves (on a 700 × 700 grid from a noisy start the second pass more than halved the cut), but another LP pass
            // costs a scan of the whole level, worth it only when FM still mattered.
            if (fm * FmShareToContinue < propagated + fm || fm == 0) break;
            cut = cut < 0 ? PartitionMetrics.EdgeCut(graph, part) : cut - propagated - fm;
            if (fm * CutShareToContinue < cut) break;
        }
        Balancer.Rebalance(state, Seed(FinalBalanceStream));
    }

    internal static long MaxBlockWeight(CsrGraph graph, PartitionOptions options) => MaxBlockWeight(new CsrView(graph), options);

    private static long MaxBlockWeight<TGraph>(TGraph graph, PartitionOptions options) where TGraph : struct, IGraphView
    {
        int heaviest = 0;
        for (int u = 0; u < graph.NodeCount; u++) heaviest = Math.Max(heaviest, graph.NodeWeight(u));
        return options.MaxBlockWeight(PartitionMetrics.TotalNodeWeight(graph), heaviest);
    }
}
