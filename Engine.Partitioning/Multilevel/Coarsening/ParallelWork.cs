namespace ClusterGcn.Engine.Partitioning.Multilevel.Coarsening;

/// <summary>Runs work items 0..count-1 on a fixed set of workers, each owning one scratch object for all its items.</summary>
/// <remarks>Items are handed out dynamically (a shared counter), so which worker runs an item varies from run to run:
/// an item's result must depend only on its index and on state no other item writes, never on the worker.</remarks>
internal static class ParallelWork
{
    public static void Run<TScratch>(int count, TScratch[] scratch, Action<TScratch, int> item)
    {
        int workers = Math.Min(scratch.Length, count);
        if (workers <= 1)
        {
            for (int i = 0; i < count; i++) item(scratch[0], i);
            return;
        }
        int next = -1;
        Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, worker =>
        {
            for (int i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next))
                item(scratch[worker], i);
        });
    }

    /// <summary>Splits [0, n) into consecutive ranges of about <paramref name="targetWork"/> work each, where
    /// <paramref name="workBefore"/>(i) is the work of items 0..i-1 (a prefix sum, e.g. a row pointer).</summary>
    public static int[] RangesByWork(int n, long targetWork, Func<int, long> workBefore)
    {
        var bounds = new List<int> { 0 };
        int start = 0;
        while (start < n)
        {
            // Binary search for the first end whose range reaches the target, so the split costs O(ranges · log n).
            long goal = workBefore(start) + Math.Max(targetWork, 1);
            int lo = start + 1, hi = n;
            while (lo < hi)
            {
                int mid = lo + (hi - lo) / 2;
                if (workBefore(mid) >= goal) hi = mid; else lo = mid + 1;
            }
            start = lo;
            bounds.Add(start);
        }
        return [.. bounds];
    }
}
