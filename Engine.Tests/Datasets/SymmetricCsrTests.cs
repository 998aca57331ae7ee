using ClusterGcn.Engine.Core.Datasets;
using ClusterGcn.Engine.Partitioning.Graphs;
using static ClusterGcn.Engine.Tests.Datasets.ArrayFiles;

namespace ClusterGcn.Engine.Tests.Datasets;

/// <summary>The dataset CSR against the partitioner's <see cref="CsrBuilder"/>, the reference for the same rules, on
/// random edge lists of every shape the builder treats differently.</summary>
public sealed class SymmetricCsrTests
{
    [TestCase(false, false, TestName = "Random directions, repeats and self-loops")]
    [TestCase(true, false, TestName = "Both directions listed, unsorted")]
    [TestCase(true, true, TestName = "Both directions listed in CSR order (the no-merge path)")]
    public void Matches_CsrBuilder(bool bothDirections, bool csrOrder)
    {
        const int N = 300;
        var random = new Random(42);
        var edges = new List<(int U, int V)>();
        for (int i = 0; i < 2000; i++)
        {
            int u = random.Next(N), v = random.Next(N) / (i % 7 + 1); // skewed degrees, some self-loops and repeats
            edges.Add((u, v));
            if (bothDirections) edges.Add((v, u));
        }
        if (csrOrder) edges = [.. edges.Distinct().OrderBy(e => e.U).ThenBy(e => e.V)];
        else edges = [.. edges.OrderBy(_ => random.Next())];

        var builder = new CsrBuilder(N);
        foreach (var (u, v) in edges) builder.AddEdge(u, v);
        var expected = builder.Build();

        using var dir = new TempDirectory();
        Save(dir.File("edge_index.npy"), [.. edges.Select(e => e.U), .. edges.Select(e => e.V)], 2, edges.Count);
        Save(dir.File("x.npy"), new float[N], N, 1);
        Save(dir.File("y.npy"), new int[N]);
        using var data = DatasetReader.Open(dir.Path, new DatasetOptions { UseStore = false });
        Assert.That(data.RowPtr.Span.ToArray(), Is.EqualTo(expected.RowPtr.ToArray().Select(p => (long)p)));
        Assert.That(data.ColIdx.Span.ToArray(), Is.EqualTo(expected.ColIdx.ToArray()));
    }
}
