namespace ClusterGcn.Engine.Partitioning.Multilevel;

/// <summary>Settings of one multilevel k-way partitioning run.</summary>
/// <param name="Parts">Number of blocks k, between 1 and the node count.</param>
/// <param name="Imbalance">Allowed overload ε: every block weighs at most (1 + ε)·⌈W / k⌉ (W = total node weight).</param>
/// <param name="Seed">Seed of every random choice; the same seed gives the same partition on any thread count.</param>
/// <param name="Threads">Worker threads; 0 = one per core. Never changes the result, only the time.</param>
/// <param name="Strong">Spend time and memory for the last fraction of a percent of cut (on by default, as METIS users
/// expect the best cut): on power-law graphs with small blocks (k = 1500 on Reddit), coarsen with clusters of a few
/// nodes and bisect a much finer coarsest graph (Reddit-scale, k = 1500: cut 0.4% lower, 2.8 GB peak and 27 s
/// against 0.76 GB and 10 s). Off, the lean way, is the Cluster-GCN trainer's choice: training cannot tell a 0.4%
/// difference in cut, and its whole pipeline must fit where the partitioner's peak alone would not leave room.</param>
public readonly record struct PartitionOptions(int Parts, double Imbalance = 0.03, ulong Seed = 0, int Threads = 0, bool Strong = true)
{
    /// <summary>Coarsening stops once the graph has at most this many nodes per block (METIS coarsens to ~30·k), or
    /// earlier once it is small enough to partition directly (<see cref="Initial.InitialPartitioner.DirectWork"/>).</summary>
    public const int CoarseNodesPerBlock = 30;

    /// <summary>Throws a one-line error when k or ε is out of range for a graph of <paramref name="nodeCount"/> nodes.</summary>
    /// <exception cref="ArgumentOutOfRangeException">k is not in [1, max(n, 1)], ε is not in [0, 1), or Threads is negative.</exception>
    public void Validate(int nodeCount)
    {
        if (Parts < 1 || Parts > Math.Max(nodeCount, 1))
            throw new ArgumentOutOfRangeException(nameof(Parts), $"k = {Parts} must be between 1 and the node count ({nodeCount}).");
        if (!(Imbalance >= 0 && Imbalance < 1)) // written this way so NaN fails too
            throw new ArgumentOutOfRangeException(nameof(Imbalance), $"imbalance ε = {Imbalance} must be in [0, 1).");
        if (Threads < 0)
            throw new ArgumentOutOfRangeException(nameof(Threads), $"threads = {Threads} must be ≥ 0 (0 = one per core).");
    }

    /// <summary>The heaviest a block may be: (1 + ε)·⌈W / k⌉, and never less than the heaviest single node,
    /// which no partition can split.</summary>
    public long MaxBlockWeight(long totalWeight, int maxNodeWeight = 0) =>
        Math.Max((long)Math.Floor((1 + Imbalance) * ((totalWeight + Parts - 1) / Parts)), maxNodeWeight);

    /// <summary>The thread count to use: <see cref="Threads"/>, or the core count when it is 0.</summary>
    public int EffectiveThreads => Threads > 0 ? Threads : Environment.ProcessorCount;

    /// <summary>A seed for one phase (and level or try), so phases never share random numbers.</summary>
    public ulong SeedFor(ulong phase, ulong index = 0) => Randomness.SplitMix64.Derive(Randomness.SplitMix64.Derive(Seed, phase), index);
}
