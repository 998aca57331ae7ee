namespace ClusterGcn.Engine.Kernels.Simd;

/// <summary>Chunking of flat elementwise ops.</summary>
internal static class Elements
{
    /// <summary>A balanced chunk rounded to whole cache lines of every width, so only the last chunk has a ragged end.</summary>
    public static long Chunk(long n) => (Chunks.Balanced(n, 4) + 63) & ~63L;
}
