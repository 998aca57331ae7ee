namespace ClusterGcn.Engine.Core.Datasets.Building;

/// <summary>Builds the symmetric CSR of a dataset from its edge list, by <see cref="Partitioning.Graphs.CsrBuilder"/>'s
/// rules (both directions stored, self-loops dropped, repeated edges merged, neighbours sorted) but with int64 row
/// offsets and without holding the edge list in memory: the list is read twice in chunks (count, then fill).</summary>
/// <remarks>The edges are first gathered by source into A (rows sorted only where they are not already, as they are
/// in files written from a CSR, and de-duplicated); the result is A ∪ Aᵀ. Aᵀ comes out of one scatter pass with
/// sorted rows, so when the file already lists both directions, as PyG's edge_index does, A equals Aᵀ and is the
/// result: no sort and no merge, and the only large arrays are A and Aᵀ (4 bytes per stored entry each).</remarks>
internal static class SymmetricCsr
{
    private const int Chunk = 1 << 16;
    private const int RowsPerTask = 4096;

    /// <summary>The CSR of <paramref name="edges"/> over <paramref name="nodeCount"/> nodes.</summary>
    /// <exception cref="InvalidDataException">An edge end lies outside [0, N) (naming the edge file and the edge).</exception>
    public static (HostArray<long> RowPtr, HostArray<int> ColIdx) Build(EdgeList edges, int nodeCount)
    {
        var (rowPtr, colIdx) = BySource(edges, nodeCount);
        var (transposePtr, transposeIdx) = Transpose(rowPtr, colIdx);
        if (rowPtr.AsSpan().SequenceEqual(transposePtr) && colIdx.AsSpan(0, (int)rowPtr[^1]).SequenceEqual(transposeIdx))
            return (HostArray<long>.Wrap(rowPtr), HostArray<int>.Wrap(colIdx, rowPtr[^1]));
        return Union(rowPtr, colIdx, transposePtr, transposeIdx);
    }

    // A: each edge (u, v), u ≠ v, stored in row u; rows sorted and without repeats, compacted in place.
    private static (long[] RowPtr, int[] ColIdx) BySource(EdgeList edges, int nodeCount)
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
                if (u != v) rowPtr[u + 1]++;
            }
        });
        for (int u = 0; u < nodeCount; u++) rowPtr[u + 1] += rowPtr[u];
        if (rowPtr[nodeCount] > Array.MaxLength / 2)
            throw new InvalidDataException($"{edges.File}: {rowPtr[nodeCount]} edges exceed the {Array.MaxLength / 2} this reader holds.");

        var colIdx = new int[rowPtr[nodeCount]];
        var next = rowPtr[..nodeCount];
        ForEachChunk(edges, sources, targets, (_, n) =>
        {
            for (int i = 0; i < n; i++)
                if (sources[i] != targets[i]) colIdx[next[sources[i]]++] = targets[i];
        });

        var degree = new long[nodeCount];
        ForEachRowBlock(nodeCount, u =>
        {
            var row = colIdx.AsSpan((int)rowPtr[u], (int)(rowPtr[u + 1] - rowPtr[u]));
            if (!IsSorted(row)) row.Sort();
            int write = 0;
            for (int e = 0; e < row.Length; e++)
                if (write == 0 || row[write - 1] != row[e]) row[write++] = row[e];
            degree[u] = write;
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
        return (rowPtr, colIdx);
    }

    // Scattering rows in ascending order appends to every transposed row in ascending order: Aᵀ's rows come out sorted.
    private static (long[] RowPtr, int[] ColIdx) Transpose(long[] rowPtr, int[] colIdx)
    {
        int nodeCount = rowPtr.Length - 1;
        long entries = rowPtr[nodeCount];
        var transposePtr = new long[nodeCount + 1];
        for (long e = 0; e < entries; e++) transposePtr[colIdx[e] + 1]++;
        for (int u = 0; u < nodeCount; u++) transposePtr[u + 1] += transposePtr[u];
        var transposeIdx = new int[entries];
        var next = transposePtr[..nodeCount];
        for (int u = 0; u < nodeCount; u++)
            for (long e = rowPtr[u]; e < rowPtr[u + 1]; e++) transposeIdx[next[colIdx[e]]++] = u;
        return (transposePtr, transposeIdx);
    }

    // Row u of the result is the sorted union of row u of A and of Aᵀ: sizes first, then the merge, both per row.
    private static (HostArray<long> RowPtr, HostArray<int> ColIdx) Union(long[] aPtr, int[] a, long[] tPtr, int[] t)
    {
        int nodeCount = aPtr.Length - 1;
        var rowPtr = new long[nodeCount + 1];
        ForEachRowBlock(nodeCount, u => rowPtr[u + 1] = Merge(Row(a, aPtr, u), Row(t, tPtr, u), []));
        for (int u = 0; u < nodeCount; u++) rowPtr[u + 1] += rowPtr[u];
        if (rowPtr[nodeCount] > Array.MaxLength)
            throw new InvalidDataException($"{rowPtr[nodeCount]} adjacency entries exceed the {Array.MaxLength} one array holds.");
        var colIdx = new int[rowPtr[nodeCount]];
        ForEachRowBlock(nodeCount, u => Merge(Row(a, aPtr, u), Row(t, tPtr, u), colIdx.AsSpan((int)rowPtr[u], (int)(rowPtr[u + 1] - rowPtr[u]))));
        return (HostArray<long>.Wrap(rowPtr), HostArray<int>.Wrap(colIdx));
    }

    private static ReadOnlySpan<int> Row(int[] colIdx, long[] rowPtr, int u) => colIdx.AsSpan((int)rowPtr[u], (int)(rowPtr[u + 1] - rowPtr[u]));

    // Merges two sorted, repeat-free lists into `output` (when it is non-empty); returns the size of their union.
    private static int Merge(ReadOnlySpan<int> x, ReadOnlySpan<int> y, Span<int> output)
    {
        int i = 0, j = 0, k = 0;
        bool write = !output.IsEmpty;
        while (i < x.Length || j < y.Length)
        {
            int value = j == y.Length || (i < x.Length && x[i] <= y[j]) ? x[i] : y[j];
            if (i < x.Length && x[i] == value) i++;
            if (j < y.Length && y[j] == value) j++;
            if (write) output[k] = value;
            k++;
        }
        return k;
    }

    private static bool IsSorted(ReadOnlySpan<int> row)
    {
        for (int i = 1; i < row.Length; i++)
            if (row[i] < row[i - 1]) return false;
        return true;
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

    private static void ForEachRowBlock(int nodeCount, Action<int> row) =>
        Parallel.For(0, (nodeCount + RowsPerTask - 1) / RowsPerTask, block =>
        {
            for (int u = block * RowsPerTask, end = Math.Min(nodeCount, u + RowsPerTask); u < end; u++) row(u);
        });
}
