using System.Runtime.CompilerServices;
using ILGPU;
using ILGPU.Runtime;

namespace ClusterGcn.Engine.Kernels.Ilgpu.Sparse;

/// <summary>The work item of the sparse kernels: consecutive features f0.. of one output row, summed in registers.
/// Each edge's column index (and weight) is then loaded once per item instead of once per feature, and the row's
/// CSR range once per item; on ILGPU's CPU accelerator every view access pays a bounds check (ilgpu-notes §4), so
/// loads, not arithmetic, set the cost.</summary>
/// <remarks>How an item reads x is the launch's layout (<see cref="Layout"/>), uniform across a launch so GPU warps
/// never diverge on it: <see cref="Scalar"/> and <see cref="Quad"/> items are 4 features wide, so a GPU warp still
/// reads one contiguous span of each neighbour's row; <see cref="Slab"/> items (the CPU accelerator only) are 16
/// wide and read them as one <see cref="Float4x4"/>: per edge three bounds-checked loads per 16 multiply-adds
/// instead of per 4.</remarks>
internal struct FeatureSlab
{
    /// <summary>Layout: 4 features per item, read one by one (rows not whole quads, or not on 16-byte boundaries).</summary>
    public const int Scalar = 0;

    /// <summary>Layout: 4 features per item, read as one <see cref="Float4"/> (one vector load on CUDA).</summary>
    public const int Quad = 1;

    /// <summary>Layout: 16 features per item, read and written as one <see cref="Float4x4"/>. Only for the CPU
    /// accelerator: on GPUs, neighbouring threads would read addresses 64 bytes apart instead of adjacent.</summary>
    public const int Slab = 2;

    private const int QuadWidth = 4, SlabWidth = 16;

    private float s0, s1, s2, s3, s4, s5, s6, s7, s8, s9, s10, s11, s12, s13, s14, s15;

    /// <summary>The layout for gathering rows of <paramref name="x"/> into rows of <paramref name="cols"/> floats.
    /// A slab indexes x and y from their views' starts, which needs whole slabs per row but, on the CPU, no alignment;
    /// a quad also needs the 16-byte boundary of a vector load (buffers themselves start on one on every
    /// accelerator).</summary>
    public static int Layout(Accelerator accelerator, ArrayView<float> x, int cols)
    {
        if (accelerator.AcceleratorType == AcceleratorType.CPU && cols % SlabWidth == 0) return Slab;
        return cols % QuadWidth == 0 && Quads.Aligned(x) ? Quad : Scalar;
    }

    /// <summary>Row and first feature of <paramref name="item"/>: items are (row, slab of features) with the slab
    /// fastest.</summary>
    public static int Row(long item, int cols, int layout, out int f0)
    {
        int width = Width(layout), perRow = (cols + width - 1) / width;
        f0 = (int)(item % perRow) * width;
        return (int)(item / perRow);
    }

    /// <summary>Items needed to cover <paramref name="rows"/> rows of <paramref name="cols"/> features.</summary>
    public static long Items(int rows, int cols, int layout)
    {
        int width = Width(layout);
        return (long)rows * ((cols + width - 1) / width);
    }

    /// <summary>Adds <paramref name="weight"/>·x[row, f0..], reading the item's features as the layout says from
    /// <paramref name="x"/>, <paramref name="x4"/> or <paramref name="x16"/> (x cast to quads and slabs). A scalar
    /// item past the last column re-reads that column (in bounds, no branch on the column); <see cref="Store"/>
    /// drops those sums.</summary>
    /// <remarks>Inlined into the CPU accelerator's kernels: called per edge, a call would also keep the
    /// accumulators in memory rather than registers.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(ArrayView<float> x, ArrayView<Float4> x4, ArrayView<Float4x4> x16, int layout, long rowStart, int f0, int cols, float weight)
    {
        if (layout == Slab)
        {
            var v = x16[(rowStart + f0) / SlabWidth];
            Add(v.R0, weight, ref s0, ref s1, ref s2, ref s3);
            Add(v.R1, weight, ref s4, ref s5, ref s6, ref s7);
            Add(v.R2, weight, ref s8, ref s9, ref s10, ref s11);
            Add(v.R3, weight, ref s12, ref s13, ref s14, ref s15);
            return;
        }
        if (layout == Quad)
        {
            Add(x4[(rowStart + f0) / QuadWidth], weight, ref s0, ref s1, ref s2, ref s3);
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
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void Store(ArrayView<float> y, int layout, long rowStart, int f0, int cols, float divisor, int accumulate)
    {
        if (layout == Slab)
        {
            // One read and one write of a Float4x4 instead of up to 32 bounds-checked float accesses.
            var y16 = y.Cast<Float4x4>();
            long at = (rowStart + f0) / SlabWidth;
            var old = accumulate != 0 ? y16[at] : default;
            y16[at] = new Float4x4
            {
                R0 = Sum(old.R0, s0, s1, s2, s3, divisor),
                R1 = Sum(old.R1, s4, s5, s6, s7, divisor),
                R2 = Sum(old.R2, s8, s9, s10, s11, divisor),
                R3 = Sum(old.R3, s12, s13, s14, s15, divisor),
            };
            return;
        }
        StoreOne(y, rowStart, f0, cols, s0 / divisor, accumulate);
        StoreOne(y, rowStart, f0 + 1, cols, s1 / divisor, accumulate);
        StoreOne(y, rowStart, f0 + 2, cols, s2 / divisor, accumulate);
        StoreOne(y, rowStart, f0 + 3, cols, s3 / divisor, accumulate);
    }

    private static int Width(int layout) => layout == Slab ? SlabWidth : QuadWidth;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Add(Float4 v, float weight, ref float a0, ref float a1, ref float a2, ref float a3)
    {
        a0 += weight * v.X;
        a1 += weight * v.Y;
        a2 += weight * v.Z;
        a3 += weight * v.W;
    }

    // Adding 0 to an overwritten slab leaves sum / divisor as the other layouts store it (bar the sign of a zero).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Float4 Sum(Float4 old, float a0, float a1, float a2, float a3, float divisor) =>
        new() { X = old.X + a0 / divisor, Y = old.Y + a1 / divisor, Z = old.Z + a2 / divisor, W = old.W + a3 / divisor };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreOne(ArrayView<float> y, long rowStart, int f, int cols, float value, int accumulate)
    {
        if (f >= cols) return;
        if (accumulate != 0) y[rowStart + f] += value;
        else y[rowStart + f] = value;
    }
}
