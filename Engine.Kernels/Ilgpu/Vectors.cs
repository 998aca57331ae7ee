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
}

/// <summary>When float views may be read as <see cref="Float4"/>: whole quads starting on a 16-byte boundary (a
/// vector load on GPUs needs the boundary; ILGPU counts a cast view's start in quads).</summary>
internal static class Quads
{
    /// <summary>Whether <paramref name="view"/> starts on a 16-byte boundary.</summary>
    public static bool Aligned(ArrayView<float> view) => ((IContiguousArrayView)view).IndexInBytes % (4 * sizeof(float)) == 0;

    /// <summary>Whether every view is whole quads on a 16-byte boundary.</summary>
    public static bool Fit(ArrayView<float> a, ArrayView<float> b, ArrayView<float> c = default) =>
        a.Length % 4 == 0 && Aligned(a) && b.Length % 4 == 0 && Aligned(b) && c.Length % 4 == 0 && (c.Length == 0 || Aligned(c));

    /// <summary>The view as quads when <paramref name="fit"/>, else an empty view the kernel will not read.</summary>
    public static ArrayView<Float4> Of(ArrayView<float> view, bool fit) => fit ? view.Cast<Float4>() : ArrayView<Float4>.Empty;
}

/// <summary>Four consecutive <see cref="Float4"/>s, read with one view access (one bounds check on the CPU
/// accelerator instead of four).</summary>
internal struct Float4x4
{
    public Float4 R0, R1, R2, R3;
}
