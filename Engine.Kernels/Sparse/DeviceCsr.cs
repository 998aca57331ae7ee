using ClusterGcn.Engine.Partitioning.Graphs;
using ILGPU;
using ILGPU.Runtime;

namespace ClusterGcn.Engine.Kernels.Sparse;

/// <summary>A rows × cols CSR matrix on an accelerator, checked on the host before upload, with its transpose
/// for the backward passes (gathering over the transpose needs no atomics and sums in a fixed order).</summary>
/// <remarks>Values are optional: mean aggregation needs only the structure, the weighted SpMM needs them.</remarks>
public sealed class DeviceCsr : IDisposable
{
    private readonly MemoryBuffer1D<int, Stride1D.Dense> rowPtr, colIdx;
    private readonly MemoryBuffer1D<float, Stride1D.Dense>? values;
    private readonly MemoryBuffer1D<int, Stride1D.Dense>? tRowPtr, tColIdx;
    private readonly MemoryBuffer1D<float, Stride1D.Dense>? tValues;
    private readonly MemoryBuffer1D<float, Stride1D.Dense>? inverseDegree;

    private DeviceCsr(Accelerator accelerator, int rows, int cols, ReadOnlySpan<int> rowPtr, ReadOnlySpan<int> colIdx,
        ReadOnlySpan<float> values, bool hasValues, bool withTranspose)
    {
        (Rows, Cols, NonZeros) = (rows, cols, colIdx.Length);
        this.rowPtr = DeviceBuffers.Upload(accelerator, rowPtr);
        this.colIdx = DeviceBuffers.Upload(accelerator, colIdx);
        if (hasValues) this.values = DeviceBuffers.Upload(accelerator, values);
        if (!withTranspose) return;
        var reciprocal = new float[rows];
        for (int r = 0; r < rows; r++) reciprocal[r] = rowPtr[r + 1] > rowPtr[r] ? 1f / (rowPtr[r + 1] - rowPtr[r]) : 0f;
        inverseDegree = DeviceBuffers.Upload<float>(accelerator, reciprocal);
        var t = CsrTranspose.Of(rowPtr, colIdx, cols);
        tRowPtr = DeviceBuffers.Upload<int>(accelerator, t.RowPtr);
        tColIdx = DeviceBuffers.Upload<int>(accelerator, t.ColIdx);
        if (!hasValues) return;
        var permuted = new float[t.SourceEntry.Length];
        for (int e = 0; e < permuted.Length; e++) permuted[e] = values[t.SourceEntry[e]];
        tValues = DeviceBuffers.Upload<float>(accelerator, permuted);
    }

    /// <summary>Number of rows (output nodes).</summary>
    public int Rows { get; }

    /// <summary>Number of columns (input nodes).</summary>
    public int Cols { get; }

    /// <summary>Number of stored entries (edges).</summary>
    public int NonZeros { get; }

    /// <summary>Whether entries carry values (weighted SpMM).</summary>
    public bool HasValues => values is not null;

    /// <summary>Whether the transpose was uploaded (needed by every backward pass).</summary>
    public bool HasTranspose => tRowPtr is not null;

    /// <summary>Row pointer, rows + 1 entries.</summary>
    public ArrayView<int> RowPtr => rowPtr.View;

    /// <summary>Column of each entry.</summary>
    public ArrayView<int> ColIdx => colIdx.View;

    /// <summary>Value of each entry.</summary>
    /// <exception cref="InvalidOperationException">The matrix has no values.</exception>
    public ArrayView<float> Values => values?.View ?? throw new InvalidOperationException("sparse matrix has no values.");

    /// <summary>Row pointer of the transpose, cols + 1 entries.</summary>
    public ArrayView<int> TransposedRowPtr => Transposed(tRowPtr);

    /// <summary>Column of each entry of the transpose (a row of the original).</summary>
    public ArrayView<int> TransposedColIdx => Transposed(tColIdx);

    /// <summary>Values of the transpose, in its entry order.</summary>
    public ArrayView<float> TransposedValues =>
        (tValues ?? throw new InvalidOperationException("sparse matrix has no transposed values.")).View;

    /// <summary>1 / (entries of row r) for every row (0 for empty rows): the weight each transposed entry carries in the
    /// backward of mean aggregation, computed once here instead of as a division per edge. Uploaded with the transpose.</summary>
    public ArrayView<float> InverseDegree =>
        (inverseDegree ?? throw new InvalidOperationException("sparse matrix was built without its transpose; backward passes need it.")).View;

    /// <summary>Checks the CSR arrays and uploads them (and, unless <paramref name="withTranspose"/> is false, their transpose).</summary>
    /// <exception cref="ArgumentException">The arrays are not a valid rows × <paramref name="cols"/> CSR matrix, or
    /// <paramref name="values"/> has a length other than the entry count or a non-finite value.</exception>
    public static DeviceCsr Create(Accelerator accelerator, ReadOnlySpan<int> rowPtr, ReadOnlySpan<int> colIdx, int cols,
        float[]? values = null, bool withTranspose = true, string operand = "sparse matrix")
    {
        CsrChecks.Validate(rowPtr, colIdx, cols, operand);
        if (values is not null)
        {
            if (values.Length != colIdx.Length)
                throw new ArgumentException($"{operand}: {values.Length} values for {colIdx.Length} entries.", operand);
            for (int e = 0; e < values.Length; e++)
                if (!float.IsFinite(values[e]))
                    throw new ArgumentException($"{operand}: value {values[e]} at entry {e} is not finite.", operand);
        }
        return new DeviceCsr(accelerator, rowPtr.Length - 1, cols, rowPtr, colIdx, values, values is not null, withTranspose);
    }

    /// <summary>The adjacency of <paramref name="graph"/> (structure only, edge weights ignored), square N × N.</summary>
    public static DeviceCsr FromGraph(Accelerator accelerator, CsrGraph graph, bool withTranspose = true) =>
        new(accelerator, graph.NodeCount, graph.NodeCount, graph.RowPtr, graph.ColIdx, default, false, withTranspose);

    /// <inheritdoc />
    public void Dispose()
    {
        rowPtr.Dispose();
        colIdx.Dispose();
        values?.Dispose();
        tRowPtr?.Dispose();
        tColIdx?.Dispose();
        tValues?.Dispose();
        inverseDegree?.Dispose();
    }

    private static ArrayView<int> Transposed(MemoryBuffer1D<int, Stride1D.Dense>? buffer) =>
        (buffer ?? throw new InvalidOperationException("sparse matrix was built without its transpose; backward passes need it.")).View;
}
