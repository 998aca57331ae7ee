using ClusterGcn.Engine.Partitioning.Graphs;

namespace ClusterGcn.Engine.Partitioning.Multilevel.Refinement;

/// <summary>Refines the partition of one level: restore balance if needed, label propagation, then localized FM,
/// then balance again if the bound still does not hold.</summary>
public static class Refiner
{
    private const ulong Phase = 0x5EF1;
    private const ulong BalanceStream = 0, PropagationStream = 1, FmStream = 2, FinalBalanceStream = 3;

    /// <summary>FM may scan this many times the level's entries; beyond that it pays too little for its time.</summary>
    internal const double FmWorkPerEntry = 1.0;

    /// <summary>Moves nodes of <paramref name="graph"/> between blocks to lower the cut, keeping (or restoring) every
    /// block within <see cref="PartitionOptions.MaxBlockWeight"/>.</summary>
    /// <remarks>Never raises the cut of a balanced partition. Seeds derive from <see cref="PartitionOptions.Seed"/> and
    /// the level's node count, so each level draws its own numbers and the result does not depend on the thread count.</remarks>
    /// <exception cref="ArgumentException">The partition's length is not the node count, or a block id is outside [0, k).</exception>
    public static void Refine(CsrGraph graph, int[] part, PartitionOptions options)
    {
        var state = new RefinementState(graph, part, options.Parts, MaxBlockWeight(graph, options));
        if (options.Parts == 1 || graph.NodeCount == 0) return;
        ulong Seed(ulong stream) => Randomness.SplitMix64.Derive(options.SeedFor(Phase, (ulong)graph.NodeCount), stream);

        Balancer.Rebalance(state, Seed(BalanceStream));
        LabelPropagationRefiner.Refine(state, Seed(PropagationStream), options.EffectiveThreads);
        KWayFmRefiner.Refine(state, Seed(FmStream), (long)(FmWorkPerEntry * graph.EntryCount));
        Balancer.Rebalance(state, Seed(FinalBalanceStream));
    }

    internal static long MaxBlockWeight(CsrGraph graph, PartitionOptions options)
    {
        int heaviest = 0;
        for (int u = 0; u < graph.NodeCount; u++) heaviest = Math.Max(heaviest, graph.NodeWeight(u));
        return options.MaxBlockWeight(PartitionMetrics.TotalNodeWeight(graph), heaviest);
    }
}
