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
/// every move of the partition goes through <see cref="Move"/>; build a new cache after other refiners ran.</remarks>
internal sealed class GainCache<TGraph> where TGraph : struct, IGraphView
{
    private readonly RefinementState<TGraph> state;
    private readonly RefinementScratch scratch;
    private readonly int[] first;
    private readonly int[] count;
    private readonly int[] capacity;
    private int[] blocks;
    private long[] weights;
    private int used;

    /// <summary>An empty cache over <paramref name="state"/>, in the arrays of <paramref name="scratch"/> when given
    /// (no other cache may use them at the same time).</summary>
    public GainCache(RefinementState<TGraph> state, RefinementScratch? scratch = null)
    {
        this.state = state;
        int n = state.Graph.NodeCount;
        this.scratch = RefinementScratch.For(scratch, n);
        (first, count, capacity) = (this.scratch.CacheFirst, this.scratch.CacheCount, this.scratch.CacheCapacity);
        (blocks, weights) = (this.scratch.CacheBlocks, this.scratch.CacheWeights);
        first.AsSpan(0, n).Fill(-1);
    }

    /// <summary>Entries and slots scanned so far, for work budgets. Slots count too: on a dense graph a neighbour
    /// touches hundreds of blocks, and the slot scans of a move's updates would dwarf its row.</summary>
    public long Work { get; private set; }

    /// <summary>Connection weight of <paramref name="u"/> to <paramref name="block"/>.</summary>
    public long To(int u, int block)
    {
        Ensure(u);
        int s = first[u];
        for (int i = s; i < s + count[u]; i++)
            if (blocks[i] == block) return weights[i];
        return 0;
    }

    /// <summary>The move of <paramref name="u"/> to the adjacent block with room it is most connected to (ties as in
    /// <see cref="BlockConnections.Prefer"/>) and its gain; false when no adjacent block has room.</summary>
    public bool BestMove(int u, ulong tieSeed, out int target, out long gain)
    {
        Ensure(u);
        int own = state.Part[u], w = state.Graph.NodeWeight(u), s = first[u];
        Work += count[u];
        long ownWeight = 0, bestWeight = 0;
        target = -1;
        for (int i = s; i < s + count[u]; i++)
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
            if (first[x] < 0 || w == 0) continue;
            Add(x, from, -w);
            Add(x, to, w);
        }
    }

    private void Ensure(int u)
    {
        if (first[u] >= 0) return;
        var graph = state.Graph;
        int[] cols = graph.RowEntries(u, out int[]? edgeWeights, out int begin, out int end);
        // Gathered into the most slots the node can need, at the pool's end, which it then gives back but for one spare.
        int most = MaxSlots(u);
        Reserve(most);
        (first[u], count[u], capacity[u]) = (used, 0, most);
        Work += end - begin;
        for (int e = begin; e < end; e++)
        {
            long w = graph.EdgeWeight(edgeWeights, e);
            if (w != 0) Add(u, state.Part[cols[e]], w);
        }
        capacity[u] = Math.Min(count[u] + 1, capacity[u]);
        used += capacity[u];
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
        (scratch.CacheBlocks, scratch.CacheWeights) = (blocks, weights);
    }

    // Moves u's full run to the pool's end with twice the room (its old slots stay unused until the next pass).
    private void Grow(int u)
    {
        int room = Math.Min(2 * capacity[u], MaxSlots(u));
        Reserve(room);
        Array.Copy(blocks, first[u], blocks, used, count[u]);
        Array.Copy(weights, first[u], weights, used, count[u]);
        (first[u], capacity[u]) = (used, room);
        used += room;
    }

    // A slot whose weight drops to zero is freed (swapped with the last), so a node's slots never outnumber the
    // blocks it touches plus its own, which bounds them by min(degree + 1, k).
    private void Add(int u, int block, long w)
    {
        int s = first[u], end = s + count[u];
        Work += count[u];
        for (int i = s; i < end; i++)
        {
            if (blocks[i] != block) continue;
            weights[i] += w;
            if (weights[i] == 0)
            {
                (blocks[i], weights[i]) = (blocks[end - 1], weights[end - 1]);
                count[u]--;
            }
            return;
        }
        if (count[u] == capacity[u])
        {
            Grow(u);
            end = first[u] + count[u];
        }
        blocks[end] = block;
        weights[end] = w;
        count[u]++;
    }
}
