namespace ClusterGcn.Engine.Partitioning.Graphs;

/// <summary>Builds an undirected <see cref="CsrGraph"/> from an edge list of any direction and multiplicity:
/// both directions are stored, self-loops dropped, and repeated edges merged.</summary>
/// <remarks>The weight of {u, v} is the sum of the weights of every input edge between u and v in either direction
/// (PyG's <c>to_undirected(reduce="add")</c>); without weights the result is unweighted, so an edge listed in both
/// directions, as in PyG's edge_index, is one edge of weight 1. Neighbours come out sorted, so the graph is the same
/// whatever the input order.</remarks>
public sealed class CsrBuilder
{
    private readonly int nodeCount;
    private int[] sources = new int[16], targets = new int[16], weights = [];
    private int count;
    private bool weighted;

    /// <summary>A builder for a graph of <paramref name="nodeCount"/> nodes.</summary>
    /// <exception cref="ArgumentException">The node count is negative.</exception>
    public CsrBuilder(int nodeCount)
    {
        if (nodeCount < 0) throw new ArgumentException($"graph: node count {nodeCount} is negative.", nameof(nodeCount));
        this.nodeCount = nodeCount;
    }

    /// <summary>Adds the edge {u, v}; a weighted edge makes the whole graph weighted (earlier edges weigh 1).</summary>
    /// <exception cref="ArgumentException">An end lies outside [0, n), or the weight is not positive.</exception>
    public CsrBuilder AddEdge(int u, int v, int? weight = null)
    {
        if ((uint)u >= (uint)nodeCount || (uint)v >= (uint)nodeCount)
            throw new ArgumentException($"graph: edge {count} ({u}, {v}) points outside the {nodeCount} nodes.", nameof(u));
        if (weight is { } w)
        {
            if (w <= 0) throw new ArgumentException($"graph: edge {count} ({u}, {v}) has weight {w}; weights must be positive.", nameof(weight));
            if (!weighted) BecomeWeighted();
        }
        if (count == sources.Length) Grow();
        sources[count] = u;
        targets[count] = v;
        if (weighted) weights[count] = weight ?? 1;
        count++;
        return this;
    }

    /// <summary>The undirected graph, with <paramref name="nodeWeights"/> if given.</summary>
    /// <exception cref="ArgumentException">There are more than 2³⁰ edges (int offsets), a merged weight overflows, or the node weights are invalid.</exception>
    public CsrGraph Build(int[]? nodeWeights = null)
    {
        var rowPtr = new int[nodeCount + 1];
        long entries = 0;
        for (int i = 0; i < count; i++)
        {
            if (sources[i] == targets[i]) continue;
            rowPtr[sources[i] + 1]++;
            rowPtr[targets[i] + 1]++;
            entries += 2;
        }
        if (entries > int.MaxValue)
            throw new ArgumentException($"graph: {entries} directed entries exceed the {int.MaxValue} a CSR graph holds.");
        for (int u = 0; u < nodeCount; u++) rowPtr[u + 1] += rowPtr[u];

        var next = rowPtr[..nodeCount];
        var colIdx = new int[entries];
        var entryWeights = weighted ? new int[entries] : null;
        for (int i = 0; i < count; i++)
        {
            int u = sources[i], v = targets[i];
            if (u == v) continue;
            int a = next[u]++, b = next[v]++;
            colIdx[a] = v;
            colIdx[b] = u;
            if (entryWeights is not null) entryWeights[a] = entryWeights[b] = weights[i];
        }
        return MergeDuplicates(rowPtr, colIdx, entryWeights, nodeWeights);
    }

    // Sorts each row and folds runs of the same neighbour into one entry (summing weights), compacting in place.
    private static CsrGraph MergeDuplicates(int[] rowPtr, int[] colIdx, int[]? entryWeights, int[]? nodeWeights)
    {
        int write = 0;
        for (int u = 0; u < rowPtr.Length - 1; u++)
        {
            int begin = rowPtr[u], end = rowPtr[u + 1];
            if (entryWeights is null) Array.Sort(colIdx, begin, end - begin);
            else Array.Sort(colIdx, entryWeights, begin, end - begin);
            rowPtr[u] = write;
            for (int e = begin; e < end; e++)
            {
                if (write > rowPtr[u] && colIdx[write - 1] == colIdx[e])
                {
                    if (entryWeights is not null) entryWeights[write - 1] = SumWeights(entryWeights[write - 1], entryWeights[e], u, colIdx[e]);
                    continue;
                }
                colIdx[write] = colIdx[e];
                if (entryWeights is not null) entryWeights[write] = entryWeights[e];
                write++;
            }
        }
        rowPtr[^1] = write;
        return new CsrGraph(rowPtr, colIdx[..write], entryWeights?[..write], nodeWeights);
    }

    private static int SumWeights(int a, int b, int u, int v)
    {
        long sum = (long)a + b;
        if (sum > int.MaxValue)
            throw new ArgumentException($"graph: the merged weight of edge ({u}, {v}) exceeds {int.MaxValue}.");
        return (int)sum;
    }

    private void BecomeWeighted()
    {
        weighted = true;
        weights = new int[sources.Length];
        Array.Fill(weights, 1, 0, count);
    }

    private void Grow()
    {
        int size = checked(sources.Length * 2);
        Array.Resize(ref sources, size);
        Array.Resize(ref targets, size);
        if (weighted) Array.Resize(ref weights, size);
    }
}
