namespace ClusterGcn.Engine.Partitioning.Graphs;

/// <summary>The one structural check of CSR arrays, shared by graphs, sparse device matrices and readers.</summary>
public static class CsrChecks
{
    /// <summary>Throws a one-line <see cref="ArgumentException"/> naming <paramref name="operand"/> unless
    /// <paramref name="rowPtr"/> starts at 0, never decreases and ends at the length of <paramref name="colIdx"/>,
    /// and every column lies in [0, <paramref name="cols"/>).</summary>
    public static void Validate(ReadOnlySpan<int> rowPtr, ReadOnlySpan<int> colIdx, int cols, string operand)
    {
        if (rowPtr.Length == 0)
            throw new ArgumentException($"{operand}: row pointer is empty (it needs rows + 1 entries).", operand);
        if (rowPtr[0] != 0)
            throw new ArgumentException($"{operand}: row pointer starts at {rowPtr[0]}, not 0.", operand);
        for (int r = 0; r < rowPtr.Length - 1; r++)
            if (rowPtr[r + 1] < rowPtr[r])
                throw new ArgumentException($"{operand}: row pointer decreases at row {r} ({rowPtr[r]} -> {rowPtr[r + 1]}).", operand);
        if (rowPtr[^1] != colIdx.Length)
            throw new ArgumentException($"{operand}: row pointer ends at {rowPtr[^1]} but there are {colIdx.Length} column indices.", operand);
        if (cols < 0)
            throw new ArgumentException($"{operand}: column count {cols} is negative.", operand);
        for (int r = 0; r < rowPtr.Length - 1; r++)
            for (int e = rowPtr[r]; e < rowPtr[r + 1]; e++)
                if ((uint)colIdx[e] >= (uint)cols) // one compare also rejects negatives
                    throw new ArgumentException($"{operand}: entry ({r}, {colIdx[e]}) lies outside the {cols} columns.", operand);
    }
}
