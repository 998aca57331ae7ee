namespace ClusterGcn.Engine.Partitioning.Clusters;

/// <summary>A graph renumbered so that every cluster is a contiguous range of ids (PyG's <c>partptr</c>/<c>node_perm</c>):
/// cluster c holds the new ids <c>PartPtr[c]..PartPtr[c + 1]</c>, and the adjacency is stored once in the new numbering.</summary>
/// <remarks>Within a cluster nodes keep their original relative order, and each row keeps its neighbours' order, so the
/// layout is a pure function of the graph and the partition. Build it once per run; batches only read it.</remarks>
public sealed class ClusterLayout
{
    private readonly int[] partPtr, order, position, clusterOf, rowPtr, colIdx;

    private ClusterLayout(int[] partPtr, int[] order, int[] position, int[] clusterOf, int[] rowPtr, int[] colIdx) =>
        (this.partPtr, this.order, this.position, this.clusterOf, this.rowPtr, this.colIdx) =
        (partPtr, order, position, clusterOf, rowPtr, colIdx);

    /// <summary>Number of clusters k (some may be empty).</summary>
    public int Clusters => partPtr.Length - 1;

    /// <summary>Number of nodes N.</summary>
    public int NodeCount => order.Length;

    /// <summary>k + 1 offsets: cluster c is the new ids PartPtr[c]..PartPtr[c + 1].</summary>
    public ReadOnlySpan<int> PartPtr => partPtr;

    /// <summary>The permutation, new id → original id.</summary>
    public ReadOnlySpan<int> Order => order;

    /// <summary>The inverse permutation, original id → new id.</summary>
    public ReadOnlySpan<int> Position => position;

    /// <summary>The cluster of each new id.</summary>
    public ReadOnlySpan<int> ClusterOf => clusterOf;

    /// <summary>Row pointer of the renumbered adjacency (new ids), N + 1 entries.</summary>
    public ReadOnlySpan<int> RowPtr => rowPtr;

    /// <summary>Neighbours in new ids, row by row in new-id order.</summary>
    public ReadOnlySpan<int> ColIdx => colIdx;

    /// <summary>Number of nodes in cluster <paramref name="cluster"/>.</summary>
    public int Size(int cluster) => partPtr[cluster + 1] - partPtr[cluster];

    /// <summary>Renumbers the graph (<paramref name="rowPtr"/>, <paramref name="colIdx"/>) by the clusters in
    /// <paramref name="part"/> (one id in [0, <paramref name="clusters"/>) per node) and builds the permuted adjacency.</summary>
    /// <exception cref="ArgumentException"><paramref name="part"/> has the wrong length or an id outside [0, k).</exception>
    public static ClusterLayout Build(ReadOnlySpan<int> rowPtr, ReadOnlySpan<int> colIdx, ReadOnlySpan<int> part, int clusters)
    {
        int n = rowPtr.Length - 1;
        if (clusters < 1) throw new ArgumentOutOfRangeException(nameof(clusters), $"cluster layout: k = {clusters} must be ≥ 1.");
        if (part.Length != n)
            throw new ArgumentException($"cluster layout: {part.Length} cluster ids for {n} nodes.", nameof(part));

        // Counting sort by cluster, stable, so each cluster keeps the original order of its nodes.
        var partPtr = new int[clusters + 1];
        for (int u = 0; u < n; u++)
        {
            if ((uint)part[u] >= (uint)clusters)
                throw new ArgumentException($"cluster layout: node {u} has cluster {part[u]}, outside [0, {clusters}).", nameof(part));
            partPtr[part[u] + 1]++;
        }
        for (int c = 0; c < clusters; c++) partPtr[c + 1] += partPtr[c];
        var order = new int[n];
        var position = new int[n];
        var clusterOf = new int[n];
        var next = partPtr[..^1];
        for (int u = 0; u < n; u++)
        {
            int v = next[part[u]]++;
            (order[v], position[u], clusterOf[v]) = (u, v, part[u]);
        }

        var newRowPtr = new int[n + 1];
        for (int v = 0; v < n; v++) newRowPtr[v + 1] = newRowPtr[v] + rowPtr[order[v] + 1] - rowPtr[order[v]];
        var newColIdx = new int[newRowPtr[n]];
        for (int v = 0; v < n; v++)
        {
            var neighbours = colIdx[rowPtr[order[v]]..rowPtr[order[v] + 1]];
            var target = newColIdx.AsSpan(newRowPtr[v], neighbours.Length);
            for (int e = 0; e < neighbours.Length; e++) target[e] = position[neighbours[e]];
        }
        return new ClusterLayout(partPtr, order, position, clusterOf, newRowPtr, newColIdx);
    }
}
