using ClusterGcn.Engine.Kernels.Simd.Elementwise;

namespace ClusterGcn.Engine.Kernels.Simd.Rows;

/// <summary>dst[i] = src[ids[i]] and its backward dst[ids[i]] += src[i]. The scatter is race-free without atomics
/// because the ids are distinct (checked when the index was built).</summary>
internal static unsafe class RowsSimd
{
    public static void Gather(float* src, int* ids, float* dst, int count, int cols) =>
        Chunks.For(count, Chunks.Balanced(count, cols), (start, end) =>
        {
            long bytes = (long)cols * sizeof(float);
            for (long i = start; i < end; i++) Buffer.MemoryCopy(src + (long)ids[i] * cols, dst + i * cols, bytes, bytes);
        });

    public static void ScatterAdd<TVec>(float* src, int* ids, float* dst, int count, int cols) where TVec : struct, ILanes<TVec> =>
        Chunks.For(count, Chunks.Balanced(count, cols), (start, end) =>
        {
            for (long i = start; i < end; i++)
            {
                float* row = dst + (long)ids[i] * cols;
                AddSimd.Sum<TVec>(row, src + i * cols, row, cols);
            }
        });
}
