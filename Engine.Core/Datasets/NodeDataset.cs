using ClusterGcn.Engine.Partitioning.Graphs;

namespace ClusterGcn.Engine.Core.Datasets;

/// <summary>A node-classification dataset: an undirected graph in CSR form (both directions stored, no self-loops),
/// float32 features [N, F] row-major, labels and a train/validation/test split. Its arrays are managed or
/// memory-mapped (<see cref="HostArray{T}"/>); disposing the dataset unmaps them.</summary>
public sealed class NodeDataset : IDisposable
{
    /// <summary>Assembles a dataset from arrays already checked by the reader that produced them.</summary>
    public NodeDataset(string name, HostArray<long> rowPtr, HostArray<int> colIdx, HostArray<float> features, int featureCount,
        NodeLabels labels, NodeSplit split)
    {
        (Name, RowPtr, ColIdx, Features, FeatureCount, Labels, Split) = (name, rowPtr, colIdx, features, featureCount, labels, split);
        NodeCount = checked((int)(rowPtr.Length - 1));
    }

    /// <summary>A short name for logs and reports (the directory or preset it came from).</summary>
    public string Name { get; }

    /// <summary>The processed store the arrays are mapped from, or null when the dataset was parsed into memory.</summary>
    public string? StorePath { get; init; }

    /// <summary>Number of nodes N.</summary>
    public int NodeCount { get; }

    /// <summary>Number of stored (directed) adjacency entries; an undirected edge counts twice.</summary>
    public long EntryCount => ColIdx.Length;

    /// <summary>Number of features F per node.</summary>
    public int FeatureCount { get; }

    /// <summary>CSR row pointer, N + 1 entries.</summary>
    public HostArray<long> RowPtr { get; }

    /// <summary>CSR neighbour ids.</summary>
    public HostArray<int> ColIdx { get; }

    /// <summary>Features, row-major [N, F].</summary>
    public HostArray<float> Features { get; }

    /// <summary>The targets.</summary>
    public NodeLabels Labels { get; }

    /// <summary>The train/validation/test split.</summary>
    public NodeSplit Split { get; }

    /// <summary>The features of <paramref name="node"/>.</summary>
    public ReadOnlySpan<float> FeatureRow(int node) => Features.Slice((long)node * FeatureCount, FeatureCount);

    /// <summary>The neighbours of <paramref name="node"/>.</summary>
    public ReadOnlySpan<int> Neighbors(int node)
    {
        long start = RowPtr[node];
        return ColIdx.Slice(start, (int)(RowPtr[node + 1] - start));
    }

    /// <summary>The graph as the partitioner's <see cref="CsrGraph"/> (a managed copy with int32 offsets).</summary>
    /// <exception cref="InvalidDataException">More than int.MaxValue adjacency entries: the partitioner's offsets are
    /// int32 for now (one line naming the dataset).</exception>
    public CsrGraph ToCsrGraph()
    {
        if (EntryCount > int.MaxValue)
            throw new InvalidDataException($"{Name}: {EntryCount:N0} adjacency entries exceed the partitioner's limit of {int.MaxValue:N0} (int32 offsets).");
        var rowPtr = new int[NodeCount + 1];
        var source = RowPtr.Span;
        for (int u = 0; u <= NodeCount; u++) rowPtr[u] = (int)source[u];
        return new CsrGraph(rowPtr, ColIdx.Span.ToArray());
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        RowPtr.Dispose();
        ColIdx.Dispose();
        Features.Dispose();
        Labels.Dispose();
        Split.Dispose();
    }
}
