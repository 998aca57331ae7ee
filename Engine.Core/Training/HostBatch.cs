using ClusterGcn.Engine.Core.Models;
using ClusterGcn.Engine.Partitioning.Clusters;

namespace ClusterGcn.Engine.Core.Training;

/// <summary>Everything one training step uploads, assembled on the host (on a background thread).</summary>
/// <param name="Graph">The induced subgraph of the step's clusters.</param>
/// <param name="Adjacency">Its adjacency, prepared for the model's aggregation.</param>
/// <param name="Features">The batch nodes' features, row-major [n, F], gathered from the dataset.</param>
/// <param name="Classes">Single-label: the class of each batch node (−1 = unlabeled); null for multi-label data.</param>
/// <param name="MultiHot">Multi-label: row-major [n, C] of 0/1; null for single-label data.</param>
/// <param name="TrainMask">1 for batch nodes in the training split.</param>
/// <param name="TrainNodes">Number of batch nodes in the training split.</param>
public sealed record HostBatch(ClusterBatch Graph, HostAdjacency Adjacency, float[] Features, int[]? Classes, float[]? MultiHot,
    int[] TrainMask, int TrainNodes)
{
    /// <summary>Number of nodes in the batch.</summary>
    public int NodeCount => Graph.NodeCount;
}
