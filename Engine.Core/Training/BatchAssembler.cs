using ClusterGcn.Engine.Core.Datasets;
using ClusterGcn.Engine.Core.Inference;
using ClusterGcn.Engine.Core.Models;
using ClusterGcn.Engine.Partitioning.Clusters;

namespace ClusterGcn.Engine.Core.Training;

/// <summary>Turns a group of clusters into a <see cref="HostBatch"/>: the induced subgraph, its adjacency as the model
/// aggregates it, and the batch nodes' features and targets gathered from the dataset (whose arrays may be
/// memory-mapped: only the batch's rows are read, and nothing of the dataset is copied whole).</summary>
/// <remarks>One assembler serves one thread at a time (its batch builder keeps scratch state).</remarks>
public sealed class BatchAssembler(ClusterLayout layout, NodeDataset dataset, ModelSpec spec)
{
    private readonly ClusterBatchBuilder builder = new(layout);

    /// <summary>The batch of <paramref name="clusters"/>.</summary>
    public HostBatch Build(int[] clusters)
    {
        var graph = builder.Build(clusters);
        int n = graph.NodeCount, f = dataset.FeatureCount;
        var features = new float[(long)n * f];
        var trainMask = new int[n];
        var train = dataset.Split.Train;
        int trainNodes = 0;
        for (int i = 0; i < n; i++)
        {
            int u = graph.Nodes[i];
            dataset.FeatureRow(u).CopyTo(features.AsSpan(i * f, f));
            trainMask[i] = train[u];
            trainNodes += train[u] != 0 ? 1 : 0;
        }
        bool multi = dataset.Labels.IsMultiLabel;
        var rowPtr = graph.RowPtr;
        var adjacency = HostAdjacency.Prepare(spec, rowPtr, graph.ColIdx, n, 0, i => rowPtr[i + 1] - rowPtr[i]);
        return new HostBatch(graph, adjacency, features,
            multi ? null : Targets.Classes(dataset.Labels, graph.Nodes),
            multi ? Targets.MultiHot(dataset.Labels, graph.Nodes, n) : null,
            trainMask, trainNodes);
    }
}
