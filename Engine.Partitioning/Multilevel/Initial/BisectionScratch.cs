using ClusterGcn.Engine.Partitioning.Randomness;

namespace ClusterGcn.Engine.Partitioning.Multilevel.Initial;

// The per-node working arrays of one bisection try (region growing, then FM), allocated once per try and shared by
// both steps so neither allocates per node.
internal sealed class BisectionScratch(int nodeCount)
{
    public readonly long[] Internal = new long[nodeCount]; // edge weight to the node's own side
    public readonly long[] External = new long[nodeCount]; // edge weight to the other side
    public readonly bool[] Locked = new bool[nodeCount];
    public readonly int[] Moves = new int[nodeCount];
    public readonly GainQueue[] Queues = [new GainQueue(nodeCount), new GainQueue(nodeCount)];

    private readonly int[] order = new int[nodeCount];

    // A seeded random order of the nodes, in a reused array. It restarts from the identity, so the order depends only
    // on the random stream and never on what an earlier try on this scratch left behind.
    public int[] RandomOrder(ref SplitMix64 random)
    {
        for (int i = 0; i < order.Length; i++) order[i] = i;
        random.Shuffle<int>(order);
        return order;
    }
}
