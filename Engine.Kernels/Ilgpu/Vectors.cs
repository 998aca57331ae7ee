using ILGPU;
using ILGPU.Runtime;

namespace ClusterGcn.Engine.Kernels.Ilgpu;

/// <summary>Four consecutive floats, read with one view access: on ILGPU's CPU accelerator every view access pays a
/// bounds check (ilgpu-notes §4), so wide reads cut the cost of load-bound kernels; on CUDA it is one vector load.</summary>
internal struct Float4
{
    public float X, Y, Z, W;

    public static Float4 operator +(Float4 a, Float4 b) => new() { X = a.X + b.X, Y = a.Y + b.Y, Z = a.Z + b.Z, W = a.W + b.W };

    public static Float4 operator *(float s, Float4 a) => new() { X = s * a.X, Y = s * a.Y, Z = s * a.Z, W = s * a.W };

    /// <summary>Lane-wise max(a, s): Math.Max, not ?:, which would branch on the CPU accelerator (ilgpu-notes §3.1).</summary>
    public static Float4 Max(Float4 a, float s) => new() { X = Math.Max(a.X, s), Y = Math.Max(a.Y, s), Z = Math.Max(a.Z, s), W = Math.Max(a.W, s) };
}

/// <summary>Two consecutive floats, read with one view access: for rows whose width is even but not a multiple of 4
/// (602 input features), where <see cref="Float4"/> rows would start off their 16-byte boundary.</summary>
internal struct Float2
{
    public float X, Y;

    public static Float2 operator +(Float2 a, Float2 b) => new() { X = a.X + b.X, Y = a.Y + b.Y };
}

/// <summary>When float views may be read as <see cref="Float4"/>: whole quads starting on a 16-byte boundary (a
/// vector load on GPUs needs the boundary; ILGPU counts a cast view's start in quads); likewise for
/// <see cref="Float2"/> pairs and 8-byte boundaries.</summary>
internal static class Quads
{
    /// <summary>Whether <paramref name="view"/> starts on a 16-byte boundary.</summary>
    public static bool Aligned(ArrayView<float> view) => ((IContiguousArrayView)view).IndexInBytes % (4 * sizeof(float)) == 0;

    /// <summary>Whether every view is whole quads on a 16-byte boundary.</summary>
    public static bool Fit(params ReadOnlySpan<ArrayView<float>> views)
    {
        foreach (var view in views)
            if (view.Length % 4 != 0 || !Aligned(view)) return false;
        return true;
    }

    /// <summary>The view as quads when <paramref name="fit"/>, else an empty view the kernel will not read.</summary>
    public static ArrayView<Float4> Of(ArrayView<float> view, bool fit) => fit ? view.Cast<Float4>() : ArrayView<Float4>.Empty;

    /// <summary>The widest access (4, 2 or 1 floats) that reads rows of <paramref name="cols"/> floats of both views
    /// whole and on their own boundary.</summary>
    public static int LanesOfRows(int cols, ArrayView<float> a, ArrayView<float> b)
    {
        if (cols % 4 == 0 && Aligned(a) && Aligned(b)) return 4;
        return cols % 2 == 0 && PairAligned(a) && PairAligned(b) ? 2 : 1;
    }

    /// <summary>Whether <paramref name="view"/> may be read as <see cref="Float4x4"/> slabs of 16 floats: it starts on a
    /// 64-byte boundary of its buffer (a cast view counts its start in slabs). Only the CPU accelerator reads slabs:
    /// on GPUs neighbouring threads would read 64 bytes apart instead of adjacent.</summary>
    public static bool SlabAligned(ArrayView<float> view) => ((IContiguousArrayView)view).IndexInBytes % (16 * sizeof(float)) == 0;

    /// <summary>The view as slabs when <paramref name="fit"/>, else an empty view the kernel will not read.</summary>
    public static ArrayView<Float4x4> SlabsOf(ArrayView<float> view, bool fit) => fit ? view.Cast<Float4x4>() : ArrayView<Float4x4>.Empty;

    /// <summary>The view as pairs when <paramref name="fit"/>, else an empty view the kernel will not read.</summary>
    public static ArrayView<Float2> PairsOf(ArrayView<float> view, bool fit) => fit ? view.Cast<Float2>() : ArrayView<Float2>.Empty;

    private static bool PairAligned(ArrayView<float> view) => ((IContiguousArrayView)view).IndexInBytes % (2 * sizeof(float)) == 0;
}

/// <summary>Four consecutive <see cref="Float4"/>s, read with one view access (one bounds check on the CPU
/// accelerator instead of four).</summary>
internal struct Float4x4
{
    public Float4 R0, R1, R2, R3;

    public static Float4x4 operator +(Float4x4 a, Float4x4 b) => new() { R0 = a.R0 + b.R0, R1 = a.R1 + b.R1, R2 = a.R2 + b.R2, R3 = a.R3 + b.R3 };
}
