namespace ClusterGcn.Engine.Core.Datasets;

/// <summary>Train, validation and test membership of every node, as 0/1 masks of length N (NumPy bool layout).
/// A node is in at most one of them; nodes in none are used only as neighbours.</summary>
public sealed class NodeSplit : IDisposable
{
    /// <summary>Wraps three masks of equal length.</summary>
    public NodeSplit(HostArray<byte> train, HostArray<byte> validation, HostArray<byte> test) =>
        (Train, Validation, Test) = (train, validation, test);

    /// <summary>1 for training nodes.</summary>
    public HostArray<byte> Train { get; }

    /// <summary>1 for validation nodes.</summary>
    public HostArray<byte> Validation { get; }

    /// <summary>1 for test nodes.</summary>
    public HostArray<byte> Test { get; }

    /// <summary>The ids of the nodes whose entry in <paramref name="mask"/> is non-zero, ascending.</summary>
    public static int[] Nodes(HostArray<byte> mask)
    {
        var span = mask.Span;
        int count = span.Length - span.Count((byte)0);
        var nodes = new int[count];
        for (int u = 0, next = 0; u < span.Length; u++)
            if (span[u] != 0) nodes[next++] = u;
        return nodes;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        Train.Dispose();
        Validation.Dispose();
        Test.Dispose();
    }
}
