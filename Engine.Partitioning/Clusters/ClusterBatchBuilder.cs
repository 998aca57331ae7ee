namespace ClusterGcn.Engine.Partitioning.Clusters;

/// <summary>Builds the induced subgraph of a group of clusters in one pass over the group's rows of the permuted
/// adjacency: a membership table over clusters says, for each neighbour, whether its cluster was chosen and where that
/// cluster starts in the batch.</summary>
/// <remarks>Holds a scratch table of k entries, so one builder serves one thread; building is a pure function of the
/// layout and the group.</remarks>
public sealed class ClusterBatchBuilder(ClusterLayout layout)
{
    private const int NotChosen = -1;

    // Batch-local id of the first node of each chosen cluster; NotChosen for the others. Reset after every build.
    private readonly int[] batchStart = Enumerable.Repeat(NotChosen, layout.Clusters).ToArray();

    /// <summary>The layout batches are cut from.</summary>
    public ClusterLayout Layout => layout;

    /// <summary>The subgraph induced by the union of <paramref name="clusters"/>; nodes are numbered cluster after
    /// cluster in the order given.</summary>
    /// <exception cref="ArgumentException">A cluster id is out of range or repeats.</exception>
    public ClusterBatch Build(ReadOnlySpan<int> clusters)
    {
        var partPtr = layout.PartPtr;
        int nodeCount = 0, entryCount = 0;
        try
        {
            foreach (int c in clusters)
            {
                if ((uint)c >= (uint)layout.Clusters)
                    throw new ArgumentException($"cluster batch: cluster {c} is outside [0, {layout.Clusters}).", nameof(clusters));
                if (batchStart[c] != NotChosen)
                    throw new ArgumentException($"cluster batch: cluster {c} is chosen twice.", nameof(clusters));
                batchStart[c] = nodeCount;
                nodeCount += layout.Size(c);
                entryCount += layout.RowPtr[partPtr[c + 1]] - layout.RowPtr[partPtr[c]];
            }

            var nodes = new int[nodeCount];
            var rowPtr = new int[nodeCount + 1];
            var colIdx = new int[entryCount]; // an upper bound: edges leaving the group are dropped
            var order = layout.Order;
            var clusterOf = layout.ClusterOf;
            var sourceRowPtr = layout.RowPtr;
            var sourceColIdx = layout.ColIdx;
            int row = 0, kept = 0;
            foreach (int c in clusters)
            {
                for (int v = partPtr[c]; v < partPtr[c + 1]; v++, row++)
                {
                    nodes[row] = order[v];
                    for (int e = sourceRowPtr[v]; e < sourceRowPtr[v + 1]; e++)
                    {
                        int w = sourceColIdx[e], start = batchStart[clusterOf[w]];
                        if (start != NotChosen) colIdx[kept++] = start + w - partPtr[clusterOf[w]];
                    }
                    rowPtr[row + 1] = kept;
                }
            }
            return new ClusterBatch(clusters.ToArray(), nodes, rowPtr, kept == entryCount ? colIdx : colIdx[..kept]);
        }
        finally
        {
            foreach (int c in clusters)
                if ((uint)c < (uint)layout.Clusters) batchStart[c] = NotChosen;
        }
    }
}
