using ClusterGcn.Engine.Partitioning.Multilevel.Coarsening;

namespace ClusterGcn.Engine.Partitioning.Multilevel.Refinement;

/// <summary>The connection weight of nodes to each block they touch (their own included), gathered on a node's first
/// query and then kept in step with every move made through <see cref="Move"/>, so a move costs its degree times the
/// few blocks each neighbour touches instead of a re-gather of every neighbour's row.</summary>
/// <remarks>Sparse: a cached node owns min(degree + 1, k) slots of (block, weight) in a pool that grows with use, so
/// memory follows the nodes a search touches, not n · k (1M nodes × 1500 blocks would not fit). Valid only while
/// every move of the partition goes through <see cref="Move"/>; build a new cache after other refiners ran.</remarks>
internal sealed class GainCache<TGraph> where TGraph : struct, IGraphView
{
    private readonly RefinementState<TGraph> state;
    private readonly RefinementScratch scratch;
    private readonly int[] first;
    private readonly int[] count;
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
        (first, count, blocks, weights) = (this.scratch.CacheFirst, this.scratch.CacheCount, this.scratch.CacheBlocks, this.scratch.CacheWeights);
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
        int capacity = (int)Math.Min(end - begin + 1L, state.Parts);
        if (used + capacity > blocks.Length)
        {
            int size = Math.Max(2 * blocks.Length, used + capacity);
            Array.Resize(ref blocks, size);
            Array.Resize(ref weights, size);
            (scratch.CacheBlocks, scratch.CacheWeights) = (blocks, weights);
        }
        (first[u], count[u]) = (used, 0);
        used += capacity;
        Work += end - begin;
        for (int e = begin; e < end; e++)
        {
            long w = graph.EdgeWeight(edgeWeights, e);
            if (w != 0) Add(u, state.Part[cols[e]], w);
        }
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
        blocks[end] = block;
        weights[end] = w;
        count[u]++;
    }
}
