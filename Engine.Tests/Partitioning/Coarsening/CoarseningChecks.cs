using ClusterGcn.Engine.Partitioning.Graphs;
using ClusterGcn.Engine.Partitioning.Multilevel.Coarsening;
using ClusterGcn.Engine.Partitioning.Randomness;

namespace ClusterGcn.Engine.Tests.Partitioning.Coarsening;

/// <summary>Graphs and checks shared by the coarsening tests.</summary>
internal static class CoarseningChecks
{
    /// <summary>n nodes and no edges at all.</summary>
    public static CsrGraph NoEdges(int n) => new(new int[n + 1], []);

    /// <summary>Every entry (u, v, w) has its mirror (v, u, w), no entry is a self-loop and no row repeats a neighbour.</summary>
    public static void AssertSymmetricSimple(CsrGraph graph)
    {
        var weightOf = new Dictionary<(int, int), int>();
        for (int u = 0; u < graph.NodeCount; u++)
            for (int e = graph.RowPtr[u]; e < graph.RowPtr[u + 1]; e++)
            {
                int v = graph.ColIdx[e];
                Assert.That(v, Is.Not.EqualTo(u), $"self-loop at {u}");
                Assert.That(weightOf.TryAdd((u, v), graph.EdgeWeight(e)), Is.True, $"({u}, {v}) stored twice");
            }
        foreach (var ((u, v), w) in weightOf)
            Assert.That(weightOf.GetValueOrDefault((v, u)), Is.EqualTo(w), $"({u}, {v}) weighs {w} but its mirror does not");
    }

    /// <summary>A seeded random cluster id in [0, clusters) for every node.</summary>
    public static int[] RandomClusters(int n, int clusters, ulong seed)
    {
        var random = new SplitMix64(seed);
        var cluster = new int[n];
        for (int u = 0; u < n; u++) cluster[u] = random.NextInt(clusters);
        return cluster;
    }

    public static void AssertSameHierarchy(GraphHierarchy a, GraphHierarchy b)
    {
        Assert.That(b.Count, Is.EqualTo(a.Count), "levels");
        for (int level = 1; level < a.Count; level++)
        {
            Assert.That(b.CoarseMap(level), Is.EqualTo(a.CoarseMap(level)), $"coarse map of level {level}");
            Assert.That(b[level].RowPtr.ToArray(), Is.EqualTo(a[level].RowPtr.ToArray()), $"row pointer of level {level}");
            Assert.That(b[level].ColIdx.ToArray(), Is.EqualTo(a[level].ColIdx.ToArray()), $"columns of level {level}");
            Assert.That(b[level].EdgeWeights.ToArray(), Is.EqualTo(a[level].EdgeWeights.ToArray()), $"edge weights of level {level}");
            Assert.That(b[level].NodeWeights.ToArray(), Is.EqualTo(a[level].NodeWeights.ToArray()), $"node weights of level {level}");
        }
    }

    public static bool SameHierarchy(GraphHierarchy a, GraphHierarchy b) =>
        a.Count == b.Count && Enumerable.Range(1, a.Count - 1).All(level => a.CoarseMap(level).AsSpan().SequenceEqual(b.CoarseMap(level)));
}
