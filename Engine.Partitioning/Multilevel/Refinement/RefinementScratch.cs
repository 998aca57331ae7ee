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
    public readonly bool[] CrossesSplit = new bool[capacity]; // k-way FM's starts next to the other side of a split, all false between passes
    public readonly GainCacheRun[] CacheRuns = new GainCacheRun[capacity];

    /// <summary>What each side of a split FM pass needs for itself (a pass over all blocks uses the first).</summary>
    public readonly FmLane[] Lanes = FmLane.Pair(capacity);

    /// <summary>Uncaches and unlocks the first <paramref name="n"/> nodes, for a new sequence of k-way FM searches.</summary>
    public void StartSearches(int n)
    {
        CacheRuns.AsSpan(0, n).Fill(new GainCacheRun { First = -1 });
        Locked.AsSpan(0, n).Clear();
    }

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

/// <summary>The arrays one sequence of k-way FM searches works in besides the node-indexed ones it shares: its queue
/// and its gain cache's slot pool, grown by the cache as the searches touch more nodes and kept for the next pass.</summary>
internal sealed class FmLane(GainQueue queue)
{
    public readonly GainQueue Queue = queue;
    public int[] CacheBlocks = new int[1024];
    public long[] CacheWeights = new long[1024];

    // Two lanes whose queues share one node index: the sides of a split pass never queue the same node.
    public static FmLane[] Pair(int capacity)
    {
        var first = new GainQueue(capacity);
        return [new FmLane(first), new FmLane(new GainQueue(first))];
    }
}
