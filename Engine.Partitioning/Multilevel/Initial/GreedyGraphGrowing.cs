using ClusterGcn.Engine.Partitioning.Randomness;

namespace ClusterGcn.Engine.Partitioning.Multilevel.Initial;

// Greedy graph growing (METIS's GGGP): side 1 grows from a random seed node, always taking the frontier node whose
// move cuts least (most edge weight into the region minus edge weight out of it), until it reaches its target weight.
internal static class GreedyGraphGrowing
{
    private const int Outside = 0, Inside = 1, TooHeavy = 2;

    // Writes a bisection to <paramref name="side"/>: 1 for the grown region, 0 for the rest.
    public static void Grow(WeightedGraph graph, BisectionBounds bounds, ref SplitMix64 random, Span<int> side, BisectionScratch scratch)
    {
        int n = graph.NodeCount;
        int[] rowPtr = graph.RowPtr, colIdx = graph.ColIdx, nodeWeights = graph.NodeWeights;
        int[]? edgeWeights = graph.EdgeWeights; // null: every edge weighs 1
        long[] gain = scratch.External;
        GainQueue frontier = scratch.Queues[0];
        frontier.Clear();
        side[..n].Fill(Outside);
        for (int u = 0; u < n; u++)
        {
            long degree = 0;
            for (int e = rowPtr[u]; e < rowPtr[u + 1]; e++) degree += WeightedGraph.EdgeWeight(edgeWeights, e);
            gain[u] = -degree;
        }

        // When the frontier runs dry (a component is used up, or only too-heavy nodes border the region), growth
        // restarts from the next node of a seeded order: disconnected graphs and isolated nodes need no special case.
        ReadOnlySpan<int> seeds = scratch.RandomOrder(ref random, n);
        int nextSeed = 0;
        long grown = 0;
        while (grown < bounds.Target1)
        {
            if (frontier.Count == 0)
            {
                while (nextSeed < n && side[seeds[nextSeed]] != Outside) nextSeed++;
                if (nextSeed == n) break;
                frontier.Insert(seeds[nextSeed], gain[seeds[nextSeed]]);
            }
            int u = frontier.Pop();
            if (grown + nodeWeights[u] > bounds.Max1)
            {
                side[u] = TooHeavy; // the region only gets heavier, so this node never fits later either
                continue;
            }
            side[u] = Inside;
            grown += nodeWeights[u];
            for (int e = rowPtr[u]; e < rowPtr[u + 1]; e++)
            {
                int v = colIdx[e];
                if (side[v] != Outside) continue;
                gain[v] += 2L * WeightedGraph.EdgeWeight(edgeWeights, e);
                frontier.Set(v, gain[v]);
            }
        }
        frontier.Clear();
        for (int u = 0; u < n; u++)
            if (side[u] == TooHeavy) side[u] = Outside;
    }
}
