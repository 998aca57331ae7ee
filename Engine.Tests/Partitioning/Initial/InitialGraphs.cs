using ClusterGcn.Engine.Partitioning.Graphs;
using ClusterGcn.Engine.Partitioning.Randomness;
using ClusterGcn.Engine.Tests.Support;

namespace ClusterGcn.Engine.Tests.Partitioning.Initial;

/// <summary>Coarse-graph-like inputs for the initial partitioning tests, built from <see cref="GraphFactories"/>.</summary>
internal static class InitialGraphs
{
    /// <summary><paramref name="graph"/> with seeded random edge weights in [1, 4] (the same both ways) and node weights in
    /// [0, <paramref name="maxNodeWeight"/>]: weight-0 nodes included, as contraction never makes them but the
    /// partitioner must not trip over them.</summary>
    public static CsrGraph Weighted(CsrGraph graph, ulong seed, int maxNodeWeight = 5)
    {
        var random = new SplitMix64(seed);
        var builder = new CsrBuilder(graph.NodeCount);
        for (int u = 0; u < graph.NodeCount; u++)
            foreach (int v in graph.Neighbors(u))
                if (u < v) builder.AddEdge(u, v, 1 + random.NextInt(4));
        var nodeWeights = new int[graph.NodeCount];
        for (int u = 0; u < nodeWeights.Length; u++) nodeWeights[u] = random.NextInt(maxNodeWeight + 1);
        return builder.Build(nodeWeights);
    }

    /// <summary>Copies of <paramref name="component"/> side by side with no edges between them, then
    /// <paramref name="isolated"/> nodes without edges:
    /// <code>
    /// [component] [component] … [component]   •  •  •  (isolated)
    /// </code></summary>
    public static CsrGraph Disjoint(CsrGraph component, int copies, int isolated)
    {
        int n = component.NodeCount;
        var builder = new CsrBuilder(copies * n + isolated);
        for (int c = 0; c < copies; c++)
            for (int u = 0; u < n; u++)
                foreach (int v in component.Neighbors(u))
                    builder.AddEdge(c * n + u, c * n + v);
        return builder.Build();
    }

    /// <summary>A path of <paramref name="n"/> nodes of weight 1, except node n / 2 weighing <paramref name="heavy"/>
    /// (heavier than a block's share) and every 5th node weighing 0.</summary>
    public static CsrGraph PathWithHeavyNode(int n, int heavy)
    {
        CsrGraph path = GraphFactories.Path(n);
        var nodeWeights = new int[n];
        for (int u = 0; u < n; u++) nodeWeights[u] = u % 5 == 4 ? 0 : 1;
        nodeWeights[n / 2] = heavy;
        return new CsrGraph(path.RowPtr.ToArray(), path.ColIdx.ToArray(), nodeWeights: nodeWeights);
    }
}
