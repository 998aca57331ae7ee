using ClusterGcn.Engine.Partitioning.Multilevel.Coarsening;
using ClusterGcn.Engine.Partitioning.Randomness;

namespace ClusterGcn.Engine.Partitioning.Multilevel.Refinement;

/// <summary>One thread's scratch for the connection weight of a node to every block: a dense array of k sums plus
/// the list of blocks it touched, so gathering costs the node's degree and clearing costs the touched blocks,
/// never k.</summary>
internal sealed class BlockConnections(int parts)
{
    private readonly long[] weightTo = new long[parts];
    private readonly int[] touched = new int[parts];
    private int touchedCount;

    /// <summary>Sets the scratch to the connections of <paramref name="u"/> (its own block included).</summary>
    /// <returns>The entries scanned (the degree), for work budgets.</returns>
    public int Gather<TGraph>(TGraph graph, int[] part, int u) where TGraph : struct, IGraphView
    {
        Clear();
        int[] cols = graph.RowEntries(u, out int[]? weights, out int start, out int end);
        if (weights is not null)
        {
            // A zero-weight edge connects nothing; skipping it keeps weightTo == 0 meaning "not touched".
            for (int e = start; e < end; e++)
                if (weights[e] != 0) Add(part[cols[e]], weights[e]);
        }
        else
            for (int e = start; e < end; e++) Add(part[cols[e]], 1);
        return end - start;
    }

    /// <summary>Connection weight to <paramref name="block"/> from the last gather.</summary>
    public long To(int block) => weightTo[block];

    /// <summary>The adjacent block with the largest connection, other than <paramref name="own"/>, that can take
    /// <paramref name="nodeWeight"/> without exceeding <paramref name="maxBlockWeight"/>; −1 when there is none.</summary>
    public int BestTarget(int own, int nodeWeight, long[] blockWeights, long maxBlockWeight, ulong tieSeed, int u)
    {
        int best = -1;
        for (int i = 0; i < touchedCount; i++)
        {
            int b = touched[i];
            if (b == own || blockWeights[b] + nodeWeight > maxBlockWeight) continue;
            if (best < 0 || Prefer(b, weightTo[b], best, weightTo[best], blockWeights, tieSeed, u, weightTo.Length)) best = b;
        }
        return best;
    }

    /// <summary>Whether node <paramref name="u"/> should rather go to block <paramref name="b"/> (connection
    /// <paramref name="weightB"/>) than to <paramref name="best"/>: the larger connection wins, ties go to the lighter
    /// block, then to a seeded hash of (node, block), so the choice is the same on any thread.</summary>
    public static bool Prefer(int b, long weightB, int best, long weightBest, long[] blockWeights, ulong tieSeed, int u, int parts) =>
        weightB > weightBest
        || weightB == weightBest && (blockWeights[b] < blockWeights[best]
            || blockWeights[b] == blockWeights[best] && Tie(tieSeed, u, b, parts) < Tie(tieSeed, u, best, parts));

    private static ulong Tie(ulong seed, int u, int block, int parts) => SplitMix64.At(seed, (long)u * parts + block);

    private void Add(int block, int weight)
    {
        if (weightTo[block] == 0) touched[touchedCount++] = block;
        weightTo[block] += weight;
    }

    private void Clear()
    {
        for (int i = 0; i < touchedCount; i++) weightTo[touched[i]] = 0;
        touchedCount = 0;
    }
}
