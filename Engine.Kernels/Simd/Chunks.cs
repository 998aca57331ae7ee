namespace ClusterGcn.Engine.Kernels.Simd;

/// <summary>Splits [0, count) into chunks of a given size and runs them over Parallel.For. Each chunk owns its slice
/// of the output, so no result depends on which thread ran it.</summary>
internal static class Chunks
{
    /// <summary>Below this many elementary operations a chunk would cost more to schedule than to run.</summary>
    private const long MinWork = 1 << 15;

    /// <summary>A chunk size for ops whose items are independent: big enough to amortise scheduling, small enough to
    /// give every core a few chunks to balance. Never use it for reductions: it depends on the core count.</summary>
    public static long Balanced(long count, long workPerItem)
    {
        long minItems = Math.Max(1, MinWork / Math.Max(1, workPerItem));
        long perCore = (count + 4L * Environment.ProcessorCount - 1) / (4L * Environment.ProcessorCount);
        return Math.Max(minItems, perCore);
    }

    /// <summary>Number of chunks of size <paramref name="chunk"/> covering <paramref name="count"/> items.</summary>
    public static int Count(long count, long chunk) => checked((int)((count + chunk - 1) / chunk));

    /// <summary>Runs <paramref name="body"/>(start, end) on every chunk [c·chunk, min((c + 1)·chunk, count)).
    /// Reductions use a fixed <paramref name="chunk"/> and write partial c = start / chunk, so their result does not
    /// depend on the core count; a single chunk runs inline.</summary>
    public static void For(long count, long chunk, Action<long, long> body)
    {
        int chunks = Count(count, chunk);
        if (chunks <= 1)
        {
            if (count > 0) body(0, count);
            return;
        }
        Parallel.For(0, chunks, c =>
        {
            long start = c * chunk;
            body(start, Math.Min(start + chunk, count));
        });
    }
}
