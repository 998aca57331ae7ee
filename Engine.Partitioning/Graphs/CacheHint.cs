using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace ClusterGcn.Engine.Partitioning.Graphs;

// Asks the CPU to start loading a cache line: loops that visit rows in a random order hint a few visits ahead so the
// misses overlap.
internal static class CacheHint
{
    // A hint only: a stale address (the GC moved the array) costs nothing, and without SSE it does nothing.
    public static unsafe void Prefetch<T>(ref T target) where T : unmanaged
    {
        if (Sse.IsSupported) Sse.Prefetch0(Unsafe.AsPointer(ref target));
    }
}
