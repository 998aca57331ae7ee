using ClusterGcn.Engine.Partitioning.Multilevel.Coarsening;
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
    public readonly GainCacheRun[] CacheRuns = new GainCacheRun[capacity];

    // The gain cache's slot pool: grown by the cache as a search touches more nodes, kept for the next cache.
    public int[] CacheBlocks = new int[1024];
    public long[] CacheWeights = new long[1024];

    /// <summary>This scratch when it holds <paramref name="n"/> nodes, otherwise a new one that does.</summary>
    public static RefinementScratch For(RefinementScratch? scratch, int n) =>
        scratch is not null && scratch.Capacity >= n ? scratch : new RefinementScratch(n);

    /// <summary>The boundary nodes of <paramref name="state"/> (those with a neighbour in another block) in a seeded
    /// random order, in the reused order array.</summary>
    /// <remarks>A sequential scan that stops at a node's first neighbour elsewhere: on dense graphs nearly every node
    /// is on the boundary and costs a read or two; on meshes the boundary is a few percent of the nodes, and shuffling
    /// only it replaced a shuffle of all n nodes and a random-order walk over them (1M-node meshes: ~15-20 ms a pass).</remarks>
    public Span<int> ShuffledBoundary<TGraph>(RefinementState<TGraph> state, ulong seed) where TGraph : struct, IGraphView
    {
        var graph = state.Graph;
        int[] part = state.Part;
        int count = 0;
        for (int u = 0; u < graph.NodeCount; u++)
            foreach (int v in graph.Row(u))
                if (part[v] != part[u])
                {
                    Order[count++] = u;
                    break;
                }
        Span<int> boundary = Order.AsSpan(0, count);
        new SplitMix64(seed).Shuffle(boundary);
        return boundary;
    }
}
