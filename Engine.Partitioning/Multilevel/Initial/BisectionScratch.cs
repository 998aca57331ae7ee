using ClusterGcn.Engine.Partitioning.Multilevel.Coarsening;
using ClusterGcn.Engine.Partitioning.Randomness;

namespace ClusterGcn.Engine.Partitioning.Multilevel.Initial;

// The per-node working arrays of a bisection (contraction, region growing, FM), sized for at least `capacity` nodes so
// one scratch serves every level of a bisection and every smaller subgraph after it: allocating them per level and
// per subproblem was most of initial partitioning's garbage. No result depends on what an earlier user left behind:
// every user initialises the first n entries it reads.
internal sealed class BisectionScratch(int capacity)
{
    public readonly int Capacity = capacity;
    public readonly long[] Internal = new long[capacity]; // edge weight to the node's own side
    public readonly long[] External = new long[capacity]; // edge weight to the other side
    public readonly bool[] Locked = new bool[capacity];
    public readonly int[] Moves = new int[capacity];
    public readonly int[] Match = new int[capacity]; // contraction: the cluster representative of each node
    public readonly int[] MemberStart = new int[capacity + 1]; // contraction: where each coarse node's members start
    public readonly int[] CoarseIds = new int[capacity]; // contraction: numbering and listing scratch
    public readonly GainQueue[] Queues = [new GainQueue(capacity), new GainQueue(capacity)];

    private readonly int[] order = new int[capacity];

    // Contraction's rows: built at the fine graph's entry count (their upper bound) and then copied to arrays of the
    // exact size. Allocating the upper bound per level instead kept it alive with every level: on a dense graph
    // entries shrink slowly under matching, and the levels of one bisection held several times the graph's size
    // (Reddit-scale at k = 1500: GBs). Grown on demand, released on return to the pool, so a large buffer serves the
    // levels of one cycle and does not outlive it.
    public readonly CoarseRows Rows = new(capacity);

    // The order's array, n entries of it, for a caller that fills it itself.
    public Span<int> Order(int n) => order.AsSpan(0, n);

    // A seeded random order of the first n nodes, in a reused array. It restarts from the identity, so the order
    // depends only on the random stream (the same as SplitMix64.Permutation(n)) and never on an earlier user.
    public Span<int> RandomOrder(scoped ref SplitMix64 random, int n)
    {
        Span<int> nodes = Order(n);
        for (int i = 0; i < n; i++) nodes[i] = i;
        random.Shuffle(nodes);
        return nodes;
    }
}

// The scratches of one initial partitioning, handed from each bisection to the next (and between threads), so only
// as many exist as run at once. Dropped with the partitioning, so nothing stays allocated after it.
internal sealed class BisectionScratchPool
{
    private readonly List<BisectionScratch> free = [];

    // The smallest free scratch that holds n nodes, or a new one when none does.
    public BisectionScratch Rent(int n)
    {
        lock (free)
        {
            int best = -1;
            for (int i = 0; i < free.Count; i++)
                if (free[i].Capacity >= n && (best < 0 || free[i].Capacity < free[best].Capacity)) best = i;
            if (best >= 0)
            {
                BisectionScratch scratch = free[best];
                free.RemoveAt(best);
                return scratch;
            }
        }
        return new BisectionScratch(n);
    }

    public void Return(BisectionScratch scratch)
    {
        scratch.Rows.Release();
        lock (free) free.Add(scratch);
    }
}
