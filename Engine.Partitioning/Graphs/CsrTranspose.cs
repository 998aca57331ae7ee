namespace ClusterGcn.Engine.Partitioning.Graphs;

/// <summary>The transpose of a CSR matrix, with the map from each transposed entry back to its source entry.</summary>
/// <param name="RowPtr">Row pointer of the transpose (cols + 1 entries).</param>
/// <param name="ColIdx">Column indices of the transpose: the source rows.</param>
/// <param name="SourceEntry">For each transposed entry, the index of the entry of the source it came from, so values
/// (edge weights) are permuted with <c>tValues[e] = values[SourceEntry[e]]</c>.</param>
public sealed record CsrTranspose(int[] RowPtr, int[] ColIdx, int[] SourceEntry)
{
    /// <summary>Transposes a rows × <paramref name="cols"/> CSR matrix by counting sort. Within each transposed row
    /// the source rows come in increasing order, so the result (and everything summed over it) is deterministic.</summary>
    public static CsrTranspose Of(ReadOnlySpan<int> rowPtr, ReadOnlySpan<int> colIdx, int cols)
    {
        int rows = rowPtr.Length - 1;
        var tRowPtr = new int[cols + 1];
        foreach (int c in colIdx) tRowPtr[c + 1]++;
        for (int c = 0; c < cols; c++) tRowPtr[c + 1] += tRowPtr[c];
        var next = tRowPtr[..cols];
        var tColIdx = new int[colIdx.Length];
        var source = new int[colIdx.Length];
        for (int r = 0; r < rows; r++)
            for (int e = rowPtr[r]; e < rowPtr[r + 1]; e++)
            {
                int slot = next[colIdx[e]]++;
                tColIdx[slot] = r;
                source[slot] = e;
            }
        return new CsrTranspose(tRowPtr, tColIdx, source);
    }
}
