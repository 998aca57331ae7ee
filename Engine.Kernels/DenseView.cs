using ILGPU;

namespace ClusterGcn.Engine.Kernels;

/// <summary>A row-major rows × cols float matrix living in an accelerator buffer: element (i, j) is <c>Data[i * Cols + j]</c>.</summary>
public readonly record struct DenseView
{
    /// <summary>Wraps <paramref name="data"/> as a rows × cols matrix.</summary>
    /// <exception cref="ArgumentException">The shape is negative or does not match the length of the view.</exception>
    public DenseView(ArrayView<float> data, int rows, int cols)
    {
        if (rows < 0 || cols < 0)
            throw new ArgumentException($"matrix shape [{rows}, {cols}] is negative.", nameof(rows));
        if (data.Length != (long)rows * cols)
            throw new ArgumentException($"matrix [{rows}, {cols}] needs {(long)rows * cols} floats but its buffer holds {data.Length}.", nameof(data));
        (Data, Rows, Cols) = (data, rows, cols);
    }

    /// <summary>The elements, row-major.</summary>
    public ArrayView<float> Data { get; }

    /// <summary>Number of rows.</summary>
    public int Rows { get; }

    /// <summary>Number of columns.</summary>
    public int Cols { get; }

    /// <summary>Number of elements, as a long: Reddit-scale matrices come near int's range.</summary>
    public long Length => (long)Rows * Cols;

    /// <summary>Rows <paramref name="start"/>..start+count as a matrix of the same width, without copying.</summary>
    public DenseView RowRange(int start, int count) =>
        new(Data.SubView((long)start * Cols, (long)count * Cols), count, Cols);

    /// <summary>The shape as written in error messages.</summary>
    public override string ToString() => $"[{Rows}, {Cols}]";
}
