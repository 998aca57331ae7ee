using ClusterGcn.Engine.Partitioning.Graphs;

namespace ClusterGcn.Engine.Tests.Support;

/// <summary>A rows × cols CSR matrix on the host, optionally with float64 values: what the reference ops read and
/// what the fixtures upload as a <c>DeviceCsr</c>. Unlike <see cref="CsrGraph"/> it may be rectangular.</summary>
/// <param name="Cols">Number of columns (input nodes).</param>
/// <param name="RowPtr">Row pointer, rows + 1 entries.</param>
/// <param name="ColIdx">Column of each entry.</param>
/// <param name="Values">Value of each entry, or null for a structure-only matrix (mean aggregation).</param>
public sealed record HostCsr(int Cols, int[] RowPtr, int[] ColIdx, double[]? Values = null)
{
    /// <summary>Number of rows (output nodes).</summary>
    public int Rows => RowPtr.Length - 1;

    /// <summary>Number of stored entries.</summary>
    public int NonZeros => ColIdx.Length;

    /// <summary>Entries of row <paramref name="row"/>.</summary>
    public int Degree(int row) => RowPtr[row + 1] - RowPtr[row];

    /// <summary>The same structure carrying <paramref name="values"/> (one per entry).</summary>
    public HostCsr WithValues(double[] values) => values.Length == NonZeros
        ? this with { Values = values }
        : throw new ArgumentException($"csr: {values.Length} values for {NonZeros} entries.", nameof(values));

    /// <summary>The values, or a clear failure when a weighted op is handed a structure-only matrix.</summary>
    public double[] RequireValues() =>
        Values ?? throw new InvalidOperationException("csr: weighted op on a matrix without values.");

    /// <summary>A graph's adjacency as a square structure-only matrix.</summary>
    public static implicit operator HostCsr(CsrGraph graph) =>
        new(graph.NodeCount, graph.RowPtr.ToArray(), graph.ColIdx.ToArray());
}
