using ILGPU;
using ILGPU.Runtime;

namespace ClusterGcn.Engine.Kernels.Ilgpu.Sparse;

/// <summary>The work item of the sparse kernels: four consecutive features f0..f0+3 of one output row, summed in
/// registers. Each edge's column index (and weight) is then loaded once per four features instead of once per
/// feature, and the row's CSR range once per item; on ILGPU's CPU accelerator every view access pays a bounds check
/// (ilgpu-notes §4), so loads, not arithmetic, set the cost. On GPUs a warp still reads one contiguous span of each
/// neighbour's row.</summary>
/// <remarks>When a view's rows are whole quads on 16-byte boundaries, a quad is read as one <see cref="Float4"/>: one
/// bounds check instead of four on the CPU accelerator, one vector load (ld.global.v4.f32) on CUDA.</remarks>
internal struct FeatureQuad
{
    /// <summary>Features per item.</summary>
    public const int Width = 4;

    private float s0, s1, s2, s3;

    /// <summary>Row and first feature of <paramref name="item"/>: items are (row, quad) with the quad fastest.</summary>
    public static int Row(long item, int cols, out int f0)
    {
        int quads = Quads(cols);
        f0 = (int)(item % quads) * Width;
        return (int)(item / quads);
    }

    /// <summary>Items needed to cover <paramref name="rows"/> rows of <paramref name="cols"/> features.</summary>
    public static long Items(int rows, int cols) => (long)rows * Quads(cols);

    /// <summary>1 when every quad of <paramref name="x"/> (rows of <paramref name="cols"/> floats) can be read as
    /// a <see cref="Float4"/>: whole quads per row, starting on a 16-byte boundary (buffers themselves start on one
    /// on every accelerator); else 0, and the kernels read floats one by one.</summary>
    public static int Vectorised(ArrayView<float> x, int cols) =>
        cols % Width == 0 && ((IContiguousArrayView)x).IndexInBytes % (Width * sizeof(float)) == 0 ? 1 : 0;

    /// <summary>Adds <paramref name="weight"/>·x[row, f0..f0+3], reading <paramref name="x4"/> (x cast to quads)
    /// when <paramref name="vectorised"/> is non-zero. A quad past the last column re-reads that column (in bounds, no
    /// branch on the column); <see cref="Store"/> drops those sums. The flag is uniform across a launch, so GPU warps
    /// never diverge on it.</summary>
    public void Add(ArrayView<float> x, ArrayView<Float4> x4, int vectorised, long rowStart, int f0, int cols, float weight)
    {
        if (vectorised != 0)
        {
            var v = x4[(rowStart + f0) / Width];
            s0 += weight * v.X;
            s1 += weight * v.Y;
            s2 += weight * v.Z;
            s3 += weight * v.W;
            return;
        }
        long last = rowStart + cols - 1, at = rowStart + f0;
        s0 += weight * x[at];
        s1 += weight * x[Math.Min(at + 1, last)];
        s2 += weight * x[Math.Min(at + 2, last)];
        s3 += weight * x[Math.Min(at + 3, last)];
    }

    /// <summary>Writes sums / <paramref name="divisor"/> to y[row, f0..] (or adds them when
    /// <paramref name="accumulate"/> is non-zero), dropping features past the last column.</summary>
    public readonly void Store(ArrayView<float> y, long rowStart, int f0, int cols, float divisor, int accumulate)
    {
        StoreOne(y, rowStart, f0, cols, s0 / divisor, accumulate);
        StoreOne(y, rowStart, f0 + 1, cols, s1 / divisor, accumulate);
        StoreOne(y, rowStart, f0 + 2, cols, s2 / divisor, accumulate);
        StoreOne(y, rowStart, f0 + 3, cols, s3 / divisor, accumulate);
    }

    private static int Quads(int cols) => (cols + Width - 1) / Width;

    private static void StoreOne(ArrayView<float> y, long rowStart, int f, int cols, float value, int accumulate)
    {
        if (f >= cols) return;
        if (accumulate != 0) y[rowStart + f] += value;
        else y[rowStart + f] = value;
    }
}
