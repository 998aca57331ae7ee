using ILGPU;
using ILGPU.Runtime;

namespace ClusterGcn.Engine.Kernels.Ilgpu.Dense;

/// <summary>Where op(A)[i, p] and op(B)[p, j] live for one product form, so one kernel serves AB, ABᵀ and AᵀB:
/// op(A)[i, p] = a[i·ARow + p·ACol] and op(B)[p, j] = b[p·BRow + j·BCol].</summary>
internal readonly struct ProductLayout(int m, int k, int n, long aRow, long aCol, long bRow, long bCol, int accumulate)
{
    public readonly int M = m, K = k, N = n;
    public readonly long ARow = aRow, ACol = aCol, BRow = bRow, BCol = bCol;

    /// <summary>Non-zero: add into C instead of overwriting it.</summary>
    public readonly int Accumulate = accumulate;

    public static ProductLayout Of(MatMulForm form, int m, int k, int n, bool accumulate)
    {
        int add = accumulate ? 1 : 0;
        return form switch
        {
            MatMulForm.AB => new ProductLayout(m, k, n, k, 1, n, 1, add),
            MatMulForm.ABt => new ProductLayout(m, k, n, k, 1, 1, k, add),
            MatMulForm.AtB => new ProductLayout(m, k, n, 1, m, n, 1, add),
            _ => throw new ArgumentOutOfRangeException(nameof(form), form, "unknown product form."),
        };
    }
}

/// <summary>C = op(A)·op(B) for the three forms a linear layer needs (its forward and both of its gradients),
/// each work item computing a 4 × 4 tile of C in registers.</summary>
internal sealed class MatMulKernels
{
    /// <summary>Rows and columns of C per work item: 16 accumulators and 8 loads per step of the inner product,
    /// the best portable shape measured (ilgpu-notes §3.3, variant d).</summary>
    private const int Tile = 4;

    private readonly Accelerator accelerator;
    private readonly Action<KernelConfig, Partition, ArrayView<float>, ArrayView<float>, ArrayView<float>, ProductLayout> product;

    public MatMulKernels(Accelerator accelerator)
    {
        this.accelerator = accelerator;
        product = accelerator.LoadStreamKernel<Partition, ArrayView<float>, ArrayView<float>, ArrayView<float>, ProductLayout>(ProductKernel);
    }

    public void Product(MatMulForm form, DenseView a, DenseView b, DenseView c, int m, int k, int n, bool accumulate)
    {
        long tiles = (long)((m + Tile - 1) / Tile) * ((n + Tile - 1) / Tile);
        var launch = LaunchPolicy.For(accelerator, tiles);
        product(launch.Config, launch.Work, a.Data, b.Data, c.Data, ProductLayout.Of(form, m, k, n, accumulate));
    }

    // Tiles are numbered with the column tile fastest, so neighbouring GPU threads read neighbouring columns of B
    // and share the same rows of A. Edge tiles clamp their loads to the last row/column (always in bounds, no
    // branch in the inner loop) and drop the clamped results when storing.
    [KernelEntry]
    internal static void ProductKernel(Partition work, ArrayView<float> a, ArrayView<float> b, ArrayView<float> c, ProductLayout l)
    {
        var range = work.ForThisThread();
        int tilesN = (l.N + Tile - 1) / Tile;
        for (long t = range.Start; t < range.End; t += range.Step)
        {
            int i0 = (int)(t / tilesN) * Tile, j0 = (int)(t % tilesN) * Tile;
            long a0 = Math.Min(i0, l.M - 1) * l.ARow, a1 = Math.Min(i0 + 1, l.M - 1) * l.ARow;
            long a2 = Math.Min(i0 + 2, l.M - 1) * l.ARow, a3 = Math.Min(i0 + 3, l.M - 1) * l.ARow;
            long b0 = Math.Min(j0, l.N - 1) * l.BCol, b1 = Math.Min(j0 + 1, l.N - 1) * l.BCol;
            long b2 = Math.Min(j0 + 2, l.N - 1) * l.BCol, b3 = Math.Min(j0 + 3, l.N - 1) * l.BCol;
            float c00 = 0f, c01 = 0f, c02 = 0f, c03 = 0f, c10 = 0f, c11 = 0f, c12 = 0f, c13 = 0f;
            float c20 = 0f, c21 = 0f, c22 = 0f, c23 = 0f, c30 = 0f, c31 = 0f, c32 = 0f, c33 = 0f;
            for (int p = 0; p < l.K; p++)
            {
                long ap = p * l.ACol, bp = p * l.BRow;
                float x0 = a[a0 + ap], x1 = a[a1 + ap], x2 = a[a2 + ap], x3 = a[a3 + ap];
                float y0 = b[bp + b0], y1 = b[bp + b1], y2 = b[bp + b2], y3 = b[bp + b3];
                c00 += x0 * y0; c01 += x0 * y1; c02 += x0 * y2; c03 += x0 * y3;
                c10 += x1 * y0; c11 += x1 * y1; c12 += x1 * y2; c13 += x1 * y3;
                c20 += x2 * y0; c21 += x2 * y1; c22 += x2 * y2; c23 += x2 * y3;
                c30 += x3 * y0; c31 += x3 * y1; c32 += x3 * y2; c33 += x3 * y3;
            }
            StoreRow(c, l, i0, j0, c00, c01, c02, c03);
            StoreRow(c, l, i0 + 1, j0, c10, c11, c12, c13);
            StoreRow(c, l, i0 + 2, j0, c20, c21, c22, c23);
            StoreRow(c, l, i0 + 3, j0, c30, c31, c32, c33);
        }
    }

    private static void StoreRow(ArrayView<float> c, ProductLayout l, int i, int j0, float v0, float v1, float v2, float v3)
    {
        if (i >= l.M) return;
        long row = (long)i * l.N;
        Store(c, l, row, j0, v0);
        Store(c, l, row, j0 + 1, v1);
        Store(c, l, row, j0 + 2, v2);
        Store(c, l, row, j0 + 3, v3);
    }

    // Overwriting (not adding 0·old) matters: fresh accelerator buffers hold garbage, possibly NaN.
    private static void Store(ArrayView<float> c, ProductLayout l, long row, int j, float value)
    {
        if (j >= l.N) return;
        if (l.Accumulate != 0) c[row + j] += value;
        else c[row + j] = value;
    }
}
