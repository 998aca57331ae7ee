using ClusterGcn.Engine.Partitioning.Randomness;

namespace ClusterGcn.Engine.Kernels.Simd.Elementwise;

/// <summary>Inverted dropout with the mask drawn from (seed, flat index) by <see cref="SplitMix64.UniformAt"/>, the
/// same function the ILGPU kernels call, so every backend drops the same elements; the backward regenerates the mask.
/// Scalar on purpose: re-deriving the hash in vector form would be a second copy that could drift from the first.</summary>
internal static unsafe class DropoutSimd
{
    public static void Forward(float* x, float* y, long n, float p, ulong seed)
    {
        float keep = 1f - p;
        Chunks.For(n, Chunks.Balanced(n, 16), (start, end) =>
        {
            for (long i = start; i < end; i++) y[i] = SplitMix64.UniformAt(seed, i) >= p ? x[i] / keep : 0f;
        });
    }

    public static void Backward(float* dY, float* dX, long n, float p, ulong seed)
    {
        float keep = 1f - p;
        Chunks.For(n, Chunks.Balanced(n, 16), (start, end) =>
        {
            for (long i = start; i < end; i++)
                if (SplitMix64.UniformAt(seed, i) >= p) dX[i] += dY[i] / keep;
        });
    }
}
