namespace ClusterGcn.Engine.Partitioning.Clusters;

/// <summary>The subgraph induced by a group of clusters: its nodes, and every edge between two of them (edges between
/// different chosen clusters included), in batch-local ids.</summary>
/// <param name="Clusters">The chosen clusters, in the order their nodes are numbered.</param>
/// <param name="Nodes">Original id of every batch node: local id i is original node Nodes[i].</param>
/// <param name="RowPtr">Row pointer of the batch adjacency, Nodes.Length + 1 entries.</param>
/// <param name="ColIdx">Neighbours in local ids.</param>
public sealed record ClusterBatch(int[] Clusters, int[] Nodes, int[] RowPtr, int[] ColIdx)
{
    /// <summary>Number of nodes in the batch.</summary>
    public int NodeCount => Nodes.Length;

    /// <summary>Number of stored (directed) edges in the batch.</summary>
    public int EntryCount => ColIdx.Length;
}
