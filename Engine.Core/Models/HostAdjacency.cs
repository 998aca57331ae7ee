using ClusterGcn.Engine.Kernels.Sparse;
using ILGPU.Runtime;

namespace ClusterGcn.Engine.Core.Models;

/// <summary>The sparse matrix a model aggregates over, prepared on the host (off the training thread): the rows of a
/// batch or of a block of the whole graph, either as they are (the plain neighbour mean) or, for GCN's weighted
/// normalisations, with a self-loop first in every row and one value per entry.</summary>
/// <param name="Cols">Number of columns: the nodes whose rows of x are aggregated.</param>
/// <param name="RowPtr">Row pointer, rows + 1 entries.</param>
/// <param name="ColIdx">Column of each entry.</param>
/// <param name="Values">Value of each entry, or null for the plain mean.</param>
public sealed record HostAdjacency(int Cols, int[] RowPtr, int[] ColIdx, float[]? Values)
{
    /// <summary>Number of rows.</summary>
    public int Rows => RowPtr.Length - 1;

    /// <summary>Uploads the matrix, with its transpose when a backward pass will need it.</summary>
    public DeviceCsr Upload(Accelerator accelerator, bool withTranspose) =>
        DeviceCsr.Create(accelerator, RowPtr, ColIdx, Cols, Values, withTranspose, "adjacency");

    /// <summary>The adjacency <paramref name="spec"/> aggregates over, for rows whose neighbours (without self-loops)
    /// are given in CSR form.</summary>
    /// <param name="spec">The model: SAGE and GCN with <see cref="GcnNormalization.Mean"/> keep the rows as they are.</param>
    /// <param name="rowPtr">Row pointer of the rows, starting at 0.</param>
    /// <param name="colIdx">Their neighbours, as column ids.</param>
    /// <param name="cols">Number of columns.</param>
    /// <param name="firstRow">Column id of row 0's own node: row i is node firstRow + i (0 for a batch, whose
    /// adjacency is square).</param>
    /// <param name="degreeOf">Number of neighbours of a column's node, without self-loop (read by
    /// <see cref="GcnNormalization.Symmetric"/> only).</param>
    public static HostAdjacency Prepare(ModelSpec spec, int[] rowPtr, int[] colIdx, int cols, int firstRow, Func<int, int> degreeOf)
    {
        if (!spec.WeightedAdjacency) return new HostAdjacency(cols, rowPtr, colIdx, null);
        int rows = rowPtr.Length - 1;
        if (spec.Architecture == GnnArchitecture.Mlp) return Identity(rows, cols, firstRow);
        var loopedRowPtr = new int[rows + 1];
        var loopedColIdx = new int[colIdx.Length + rows];
        var values = new float[loopedColIdx.Length];
        bool symmetric = spec.Normalization == GcnNormalization.Symmetric;
        for (int i = 0; i < rows; i++)
        {
            int degree = rowPtr[i + 1] - rowPtr[i], at = rowPtr[i] + i;
            float rowScale = 1f / (degree + 1);
            float rowRoot = MathF.Sqrt(rowScale);
            loopedColIdx[at] = firstRow + i;
            values[at] = symmetric ? rowScale : (1 + spec.DiagonalLambda) * rowScale;
            for (int e = rowPtr[i]; e < rowPtr[i + 1]; e++)
            {
                int j = colIdx[e];
                loopedColIdx[++at] = j;
                values[at] = symmetric ? rowRoot / MathF.Sqrt(degreeOf(j) + 1) : rowScale;
            }
            loopedRowPtr[i + 1] = at + 1;
        }
        return new HostAdjacency(cols, loopedRowPtr, loopedColIdx, values);
    }

    // Â = I: row i holds its own node with weight 1, so an MLP's "aggregation" hands each row its own features.
    private static HostAdjacency Identity(int rows, int cols, int firstRow)
    {
        var rowPtr = new int[rows + 1];
        var colIdx = new int[rows];
        var values = new float[rows];
        for (int i = 0; i < rows; i++) (rowPtr[i + 1], colIdx[i], values[i]) = (i + 1, firstRow + i, 1f);
        return new HostAdjacency(cols, rowPtr, colIdx, values);
    }
}
