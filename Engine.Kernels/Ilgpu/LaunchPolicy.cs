using ILGPU;
using ILGPU.Runtime;

namespace ClusterGcn.Engine.Kernels.Ilgpu;

/// <summary>The items one thread owns: Start, Start + Step, … below End.</summary>
internal readonly struct ItemRange(long start, long end, long step)
{
    public readonly long Start = start;
    public readonly long End = end;
    public readonly long Step = step;
}

/// <summary>How a launch's flattened items are split among all of its threads. Every portable kernel takes one and
/// loops over <see cref="ForThisThread"/>, so the kernel body is the same whatever the grid.</summary>
internal readonly struct Partition(long items, int contiguous)
{
    public readonly long Items = items;

    /// <summary>Non-zero: one contiguous chunk per thread (the CPU accelerator, where each thread then streams
    /// through memory); zero: an interleaved grid-stride, so neighbouring GPU threads touch neighbouring addresses.</summary>
    public readonly int Contiguous = contiguous;

    /// <summary>The thread's index in the whole launch; a slot in the per-thread partials of a reduction.</summary>
    public static int ThreadIndex => Grid.GlobalIndex.X;

    /// <summary>Threads in the whole launch: the stride between series of per-thread partials.</summary>
    public static int ThreadCount => Grid.DimX * Group.DimX;

    public ItemRange ForThisThread()
    {
        long threads = ThreadCount, thread = ThreadIndex;
        if (Contiguous == 0) return new ItemRange(thread, Items, threads);
        long chunk = (Items + threads - 1) / threads;
        long start = Math.Min(thread * chunk, Items);
        return new ItemRange(start, Math.Min(start + chunk, Items), 1);
    }
}

/// <summary>A grid and the partition of the items over it.</summary>
internal readonly record struct Launch(KernelConfig Config, Partition Work)
{
    public int Threads => Config.GridDim.X * Config.GroupDim.X;
}

/// <summary>The one place that chooses grid shapes (ilgpu-notes §5.2).</summary>
internal static class LaunchPolicy
{
    /// <summary>Group size on GPUs: a multiple of every warp width and small enough for every device's occupancy.</summary>
    private const int GpuGroup = 256;

    /// <summary>Resident groups × this many is enough to hide latency; more groups only add scheduling.</summary>
    private const int WavesPerDevice = 4;

    /// <summary>Each reduction pass sums at least this many values per thread, so a reduction of n partials takes
    /// about log_32 n passes.</summary>
    private const int ReductionFanIn = 32;

    /// <summary>The single-thread launch of the kernels that turn reduced totals into an op's outputs.</summary>
    public static KernelConfig Single => new(1, 1);

    /// <summary>The launch for <paramref name="items"/> work items. The CPU accelerator gets one group of one thread
    /// per core, each with a contiguous chunk: a group per element costs an OS barrier each (ilgpu-notes §2, §3.1).</summary>
    public static Launch For(Accelerator accelerator, long items)
    {
        if (accelerator.AcceleratorType == AcceleratorType.CPU)
            return new Launch(new KernelConfig(1, accelerator.MaxNumThreadsPerGroup), new Partition(items, 1));
        int group = Math.Min(GpuGroup, accelerator.MaxNumThreadsPerGroup);
        long needed = Math.Max(1, (items + group - 1) / group);
        long resident = (long)accelerator.NumMultiprocessors * Math.Max(1, accelerator.MaxNumThreadsPerMultiprocessor / group);
        return new Launch(new KernelConfig((int)Math.Min(needed, WavesPerDevice * resident), group), new Partition(items, 0));
    }

    /// <summary>A launch that sums <paramref name="length"/> partials into strictly fewer (for length &gt; 1): at
    /// most about length / 16 threads, so repeated passes end at one value.</summary>
    public static Launch ForReduction(Accelerator accelerator, long length)
    {
        long wanted = Math.Max(1, (length + ReductionFanIn - 1) / ReductionFanIn);
        if (accelerator.AcceleratorType == AcceleratorType.CPU)
            return new Launch(new KernelConfig(1, (int)Math.Min(wanted, accelerator.MaxNumThreadsPerGroup)), new Partition(length, 1));
        int group = (int)Math.Min(wanted, Math.Min(GpuGroup, accelerator.MaxNumThreadsPerGroup));
        long groups = Math.Min((wanted + group - 1) / group, For(accelerator, length).Config.GridDim.X);
        return new Launch(new KernelConfig((int)groups, group), new Partition(length, 0));
    }
}
