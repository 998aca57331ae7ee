using ClusterGcn.Engine.Partitioning.Randomness;

namespace ClusterGcn.Engine.Partitioning.Multilevel.Refinement;

/// <summary>The per-node arrays of k-way FM and its gain cache, sized for the finest level and reused by every pass
/// of every level. Allocated per pass (up to 8 passes per level) they were most of refinement's garbage, and the
/// gain cache's slot pool, regrown from scratch by every pass, alone reached ~80 MB on a 1M-node 3-D mesh.</summary>
/// <remarks>No result depends on what an earlier pass left behind: every user clears or writes the first n entries
/// before it reads them.</remarks>
internal sealed class RefinementScratch(int capacity)
{
    public readonly int Capacity = capacity;
    public readonly int[] Order = new int[capacity];
    public readonly bool[] Locked = new bool[capacity];
    public readonly GainQueue Queue = new(capacity);
    public readonly int[] CacheFirst = new int[capacity];
    public readonly int[] CacheCount = new int[capacity];

    // The gain cache's slot pool: grown by the cache as a search touches more nodes, kept for the next cache.
    public int[] CacheBlocks = new int[1024];
    public long[] CacheWeights = new long[1024];

    /// <summary>This scratch when it holds <paramref name="n"/> nodes, otherwise a new one that does.</summary>
    public static RefinementScratch For(RefinementScratch? scratch, int n) =>
        scratch is not null && scratch.Capacity >= n ? scratch : new RefinementScratch(n);

    /// <summary>The same order as <c>new SplitMix64(seed).Permutation(n)</c>, in the reused array.</summary>
    public Span<int> RandomOrder(ulong seed, int n)
    {
        Span<int> order = Order.AsSpan(0, n);
        for (int i = 0; i < n; i++) order[i] = i;
        new SplitMix64(seed).Shuffle(order);
        return order;
    }
}
