using ClusterGcn.Engine.Core.Datasets;

namespace ClusterGcn.Engine.Tests.Datasets;

/// <summary>Checks of the CSR every reader must produce.</summary>
public static class GraphAssert
{
    /// <summary>Rows sorted, without self-loops or repeats, and (u, v) stored iff (v, u) is.</summary>
    public static void SymmetricSortedSimple(NodeDataset data)
    {
        var entries = new HashSet<(int, int)>();
        for (int u = 0; u < data.NodeCount; u++)
        {
            var row = data.Neighbors(u);
            for (int i = 0; i < row.Length; i++)
            {
                Assert.That(row[i], Is.Not.EqualTo(u), $"self-loop at {u}");
                if (i > 0) Assert.That(row[i], Is.GreaterThan(row[i - 1]), $"row {u} sorted and without repeats");
                entries.Add((u, row[i]));
            }
        }
        Assert.That(entries.All(e => entries.Contains((e.Item2, e.Item1))), Is.True, "symmetric");
    }

    /// <summary>The undirected edges {u, v} (u &lt; v) of the dataset.</summary>
    public static HashSet<(int, int)> Edges(NodeDataset data)
    {
        var edges = new HashSet<(int, int)>();
        for (int u = 0; u < data.NodeCount; u++)
            foreach (int v in data.Neighbors(u))
                if (u < v) edges.Add((u, v));
        return edges;
    }
}
