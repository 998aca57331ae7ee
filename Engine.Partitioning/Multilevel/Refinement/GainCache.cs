using ClusterGcn.Engine.Partitioning.Multilevel.Coarsening;

namespace ClusterGcn.Engine.Partitioning.Multilevel.Refinement;

/// <summary>The connection weight of nodes to each block they touch (their own included), gathered on a node's first
/// query and then kept in step with every move made through <see cref="Move"/>, so a move costs its degree times the
/// few blocks each neighbour touches instead of a re-gather of every neighbour's row.</summary>
/// <remarks>Sparse: a cached node owns a run of (block, weight) slots in a pool that grows with use, so memory follows
/// the nodes a search touches, not n · k (1M nodes × 1500 blocks would not fit). A run holds the blocks the node
/// touched when first queried plus one spare, and moves to the pool's end, twice as long, in the rare case a neighbour's
/// move brings more (at most min(degree + 1, k) blocks). Runs of min(degree + 1, k) slots from the start had most
/// slots empty on meshes (a boundary node touches 2 blocks of its 7 on a 3-D mesh): the pool reached 4M slots (50 MB,
/// 75 MB while it doubled) on a 1M-node 3-D mesh at k = 1500, the peak of the whole partitioning. Valid only while
/// every move of the partition goes through <see cref="Move"/>; build a new cache after other refiners ran. A cache
/// scoped to one side of a split pass (<typeparamref name="TScope"/>) caches only that side's nodes and their
/// connections to that side's blocks, so the caches of the two sides can fill and update at the same time.</remarks>
internal sealed class GainCache<TGraph, TScope> where TGraph : struct, IGraphView where TScope : struct, IBlockScope
{
    private readonly RefinementState<TGraph> state;
    private readonly TScope scope;
    private readonly FmLane lane;
    private readonly GainCacheRun[] runs;
    private int[] blocks;
    private long[] weights;
    private int used;

    /// <summary>An empty cache over <paramref name="state"/>, in new arrays.</summary>
    public GainCache(RefinementState<TGraph> state, TScope scope) : this(state, scope, NewScratch(state.Graph.NodeCount))
    {
    }

    private GainCache(RefinementState<TGraph> state, TScope scope, RefinementScratch scratch)
        : this(state, scope, scratch.CacheRuns, scratch.Lanes[0])
    {
    }

    /// <summary>A cache over the nodes of <paramref name="scope"/>'s blocks, their connections to those blocks only,
    /// with a node's run in <paramref name="runs"/> (every First −1 until the node is cached; a cache of the other
    /// side of a split may share it) and slots in <paramref name="lane"/>'s pool (this cache's alone).</summary>
    public GainCache(RefinementState<TGraph> state, TScope scope, GainCacheRun[] runs, FmLane lane)
    {
        (this.state, this.scope, this.runs, this.lane) = (state, scope, runs, lane);
        (blocks, weights) = (lane.CacheBlocks, lane.CacheWeights);
    }

    private static RefinementScratch NewScratch(int n)
    {
        var scratch = new RefinementScratch(n);
        scratch.StartSearches(n);
        return scratch;
    }

    /// <summary>Entries and slots scanned so far, for work budgets. Slots count too: on a dense graph a neighbour
    /// touches hundreds of blocks, and the slot scans of a move's updates would dwarf its row.</summary>
    public long Work { get; private set; }

    /// <summary>Connection weight of <paramref name="u"/> to <paramref name="block"/>.</summary>
    public long To(int u, int block)
    {
        Ensure(u);
        var run = runs[u];
        for (int i = run.First; i < run.First + run.Count; i++)
            if (blocks[i] == block) return weights[i];
        return 0;
    }

    /// <summary>The move of <paramref name="u"/> to the adjacent block with room it is most connected to (ties as in
    /// <see cref="BlockConnections.Prefer"/>) and its gain; false when no adjacent block has room.</summary>
    public bool BestMove(int u, ulong tieSeed, out int target, out long gain)
    {
        Ensure(u);
        var run = runs[u];
        int own = state.Part[u], w = state.Graph.NodeWeight(u);
        Work += run.Count;
        long ownWeight = 0, bestWeight = 0;
        target = -1;
        for (int i = run.First; i < run.First + run.Count; i++)
        {
            int b = blocks[i];
            if (b == own) ownWeight = weights[i];
            else if (state.BlockWeights[b] + w <= state.MaxBlockWeight
                && (target < 0 || BlockConnections.Prefer(b, weights[i], target, bestWeight, state.BlockWeights, tieSeed, u, state.Parts)))
                (target, bestWeight) = (b, weights[i]);
        }
        gain = bestWeight - ownWeight;
        return target >= 0;
    }

    /// <summary>Moves <paramref name="u"/> to <paramref name="to"/> and updates the cached neighbours.</summary>
    public void Move(int u, int to)
    {
        var graph = state.Graph;
        int from = state.Part[u];
        state.Move(u, to);
        int[] cols = graph.RowEntries(u, out int[]? edgeWeights, out int begin, out int end);
        Work += end - begin;
        for (int e = begin; e < end; e++)
        {
            int x = cols[e];
            long w = graph.EdgeWeight(edgeWeights, e);
            // A node of the other side may be cached by that side's cache, running at the same time.
            if (!scope.HoldsNodeOf(state.Part, x) || runs[x].First < 0 || w == 0) continue;
            Shift(x, from, to, w);
        }
    }

    // Moves w of x's connection from one block to another in one scan of its run, as Add(x, from, −w) then
    // Add(x, to, w) would, work counted alike: a cached neighbour of a node leaving `from` always has a slot for it.
    private void Shift(int x, int from, int to, long w)
    {
        ref var run = ref runs[x];
        int first = run.First, end = first + run.Count, source = -1, target = -1;
        Work += 2L * run.Count;
        for (int i = first; i < end; i++)
        {
            int b = blocks[i];
            if (b == from) source = i;
            else if (b == to) target = i;
        }
        weights[source] -= w;
        if (weights[source] == 0)
        {
            Work--; // Add(x, to, w) would have scanned the run one slot shorter
            (blocks[source], weights[source]) = (blocks[end - 1], weights[end - 1]);
            if (target == end - 1) target = source;
            run.Count--;
        }
        if (target >= 0) weights[target] += w;
        else Add(x, to, w, countWork: false);
    }

    private void Ensure(int u)
    {
        if (runs[u].First >= 0) return;
        var graph = state.Graph;
        int[] cols = graph.RowEntries(u, out int[]? edgeWeights, out int begin, out int end);
        // Gathered into the most slots the node can need, at the pool's end, which it then gives back but for one spare.
        int most = MaxSlots(u);
        Reserve(most);
        runs[u] = new GainCacheRun { First = used, Count = 0, Capacity = most };
        Work += end - begin;
        for (int e = begin; e < end; e++)
        {
            long w = graph.EdgeWeight(edgeWeights, e);
            if (w == 0) continue;
            int b = state.Part[cols[e]];
            if (scope.Holds(b)) Add(u, b, w);
            else scope.NoteOutsideNeighbour(u);
        }
        ref var run = ref runs[u];
        run.Capacity = Math.Min(run.Count + 1, run.Capacity);
        used += run.Capacity;
    }

    // A node's slots never outnumber the blocks it touches plus its own: min(degree + 1, k).
    private int MaxSlots(int u) => (int)Math.Min(state.Graph.Degree(u) + 1L, state.Parts);

    // Makes room for this many more slots at the pool's end, growing it by half at least: doubling left a transient peak
    // of three times the live slots while it copied.
    private void Reserve(int slots)
    {
        if (used + slots <= blocks.Length) return;
        int size = (int)Math.Min(Array.MaxLength, Math.Max(blocks.Length + (long)blocks.Length / 2, (long)used + slots));
        Array.Resize(ref blocks, size);
        Array.Resize(ref weights, size);
        (lane.CacheBlocks, lane.CacheWeights) = (blocks, weights);
    }

    // Moves u's full run to the pool's end with twice the room (its old slots stay unused until the next pass).
    private void Grow(int u)
    {
        ref var run = ref runs[u];
        int room = Math.Min(2 * run.Capacity, MaxSlots(u));
        Reserve(room);
        Array.Copy(blocks, run.First, blocks, used, run.Count);
        Array.Copy(weights, run.First, weights, used, run.Count);
        (run.First, run.Capacity) = (used, room);
        used += room;
    }

    // A slot whose weight drops to zero is freed (swapped with the last), so a node's slots never outnumber the
    // blocks it touches plus its own, which bounds them by min(degree + 1, k).
    private void Add(int u, int block, long w, bool countWork = true)
    {
        ref var run = ref runs[u];
        int end = run.First + run.Count;
        if (countWork) Work += run.Count;
        for (int i = run.First; i < end; i++)
        {
            if (blocks[i] != block) continue;
            weights[i] += w;
            if (weights[i] == 0)
            {
                (blocks[i], weights[i]) = (blocks[end - 1], weights[end - 1]);
                run.Count--;
            }
            return;
        }
        if (run.Count == run.Capacity)
        {
            Grow(u);
            end = run.First + run.Count;
        }
        blocks[end] = block;
        weights[end] = w;
        run.Count++;
    }
}

/// <summary>Where a node's slots lie in the gain cache's pool: one record per node, so the start, the count and the
/// room of a run share a cache line (as three arrays they cost up to three misses per neighbour touched).</summary>
internal struct GainCacheRun
{
    /// <summary>The run's first slot; −1 while the node is not cached.</summary>
    public int First;

    /// <summary>Slots in use: the blocks the node touches.</summary>
    public int Count;

    /// <summary>Slots the run may fill before it moves.</summary>
    public int Capacity;
}
