using ClusterGcn.Engine.Partitioning.Multilevel.Coarsening;

namespace ClusterGcn.Engine.Partitioning.Multilevel.Refinement;

/// <summary>A partition being refined: the block of every node, the block weights kept in step with it, and the
/// balance bound. Every refiner moves nodes through <see cref="Move"/> so the weights never drift.</summary>
/// <typeparam name="TGraph">How the level is read; a struct, so every refiner is compiled for it.</typeparam>
internal sealed class RefinementState<TGraph> where TGraph : struct, IGraphView
{
    public RefinementState(TGraph graph, int[] part, int parts, long maxBlockWeight)
    {
        (Graph, Part, MaxBlockWeight) = (graph, part, maxBlockWeight);
        BlockWeights = PartitionMetrics.BlockWeights(graph, part, parts);
    }

    public TGraph Graph { get; }
    public int[] Part { get; }
    public long[] BlockWeights { get; }
    public long MaxBlockWeight { get; }
    public int Parts => BlockWeights.Length;

    public bool Fits(int u, int block) => BlockWeights[block] + Graph.NodeWeight(u) <= MaxBlockWeight;

    public bool IsOverloaded(int block) => BlockWeights[block] > MaxBlockWeight;

    public bool IsBalanced()
    {
        foreach (long weight in BlockWeights)
            if (weight > MaxBlockWeight) return false;
        return true;
    }

    public void Move(int u, int to)
    {
        int w = Graph.NodeWeight(u);
        BlockWeights[Part[u]] -= w;
        BlockWeights[to] += w;
        Part[u] = to;
    }

    /// <summary>Cut reduction if <paramref name="u"/> moved to <paramref name="to"/> now: its connection to
    /// <paramref name="to"/> minus its connection to its own block, from the current partition.</summary>
    public long Gain(int u, int to)
    {
        int[] cols = Graph.RowEntries(u, out int[]? weights, out int start, out int end);
        int own = Part[u];
        long gain = 0;
        for (int e = start; e < end; e++)
        {
            int b = Part[cols[e]];
            long w = Graph.EdgeWeight(weights, e);
            if (b == to) gain += w;
            else if (b == own) gain -= w;
        }
        return gain;
    }
}
