namespace ClusterGcn.Engine.Core.Datasets.Building;

/// <summary>Builds the symmetric CSR of a dataset from its edge list, by <see cref="Partitioning.Graphs.CsrBuilder"/>'s
/// rules (both directions stored, self-loops dropped, repeated edges merged, neighbours sorted) but with int64 row
/// offsets and without holding the edge list in memory: the list is read twice in chunks (count, then fill), and the
/// only large allocation is the neighbour array, compacted in place.</summary>
internal static class SymmetricCsr
{
    private const int Chunk = 1 << 16;

    /// <summary>The CSR of <paramref name="edges"/> over <paramref name="nodeCount"/> nodes.</summary>
    /// <exception cref="InvalidDataException">An edge end lies outside [0, N) (naming the edge file and the edge).</exception>
    public static (HostArray<long> RowPtr, HostArray<int> ColIdx) Build(EdgeList edges, int nodeCount)
    {
        var rowPtr = new long[nodeCount + 1];
        var sources = new int[Chunk];
        var targets = new int[Chunk];
        ForEachChunk(edges, sources, targets, (first, n) =>
        {
            for (int i = 0; i < n; i++)
            {
                int u = sources[i], v = targets[i];
                if ((uint)u >= (uint)nodeCount || (uint)v >= (uint)nodeCount)
                    throw new InvalidDataException($"{edges.File}: edge {first + i} ({u}, {v}) points outside the {nodeCount} nodes [0, {nodeCount}).");
                if (u == v) continue;
                rowPtr[u + 1]++;
                rowPtr[v + 1]++;
            }
        });
        for (int u = 0; u < nodeCount; u++) rowPtr[u + 1] += rowPtr[u];
        long entries = rowPtr[nodeCount];
        if (entries > Array.MaxLength)
            throw new InvalidDataException($"{edges.File}: {entries} adjacency entries exceed the {Array.MaxLength} one array holds.");

        var colIdx = new int[entries];
        var next = rowPtr[..nodeCount];
        ForEachChunk(edges, sources, targets, (_, n) =>
        {
            for (int i = 0; i < n; i++)
            {
                int u = sources[i], v = targets[i];
                if (u == v) continue;
                colIdx[next[u]++] = v;
                colIdx[next[v]++] = u;
            }
        });
        long kept = SortAndMerge(rowPtr, colIdx);
        return (HostArray<long>.Wrap(rowPtr), HostArray<int>.Wrap(colIdx, kept));
    }

    private static void ForEachChunk(EdgeList edges, int[] sources, int[] targets, Action<long, int> visit)
    {
        for (long first = 0; first < edges.Count; first += Chunk)
        {
            int n = (int)Math.Min(Chunk, edges.Count - first);
            edges.Read(first, sources.AsSpan(0, n), targets.AsSpan(0, n));
            visit(first, n);
        }
    }

    // Rows are sorted and de-duplicated in parallel (each in place at its old start), then slid down in one
    // sequential pass; returns the number of entries kept.
    private static long SortAndMerge(long[] rowPtr, int[] colIdx)
    {
        int nodeCount = rowPtr.Length - 1;
        var degree = new int[nodeCount];
        Parallel.For(0, (nodeCount + 4095) / 4096, block =>
        {
            for (int u = block * 4096, end = Math.Min(nodeCount, u + 4096); u < end; u++)
            {
                var row = colIdx.AsSpan((int)rowPtr[u], (int)(rowPtr[u + 1] - rowPtr[u]));
                row.Sort();
                int write = 0;
                for (int e = 0; e < row.Length; e++)
                    if (write == 0 || row[write - 1] != row[e]) row[write++] = row[e];
                degree[u] = write;
            }
        });
        long kept = 0;
        for (int u = 0; u < nodeCount; u++)
        {
            long start = rowPtr[u];
            rowPtr[u] = kept;
            if (start != kept) Array.Copy(colIdx, start, colIdx, kept, degree[u]);
            kept += degree[u];
        }
        rowPtr[nodeCount] = kept;
        return kept;
    }
}
