using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;

namespace ClusterGcn.Engine.Kernels.Ilgpu.Reduction;

/// <summary>One reduction in flight: the per-thread partials its first pass writes (series s of
/// <see cref="Width"/> at [s·Threads, (s + 1)·Threads)) and, when that launch finishes the reduction itself, the
/// counter its threads count themselves in on (empty otherwise).</summary>
internal readonly record struct Reduction(ArrayView<double> Partials, ArrayView<int> Arrivals, int Width, int Threads)
{
    public bool FinishesInLaunch => Arrivals.Length != 0;
}

/// <summary>Deterministic reductions without barriers or shared memory. A first pass leaves one partial per thread
/// and series. A CPU-accelerator launch of few threads (one per core) then finishes in place: the last thread to
/// arrive sums every series in thread order and writes the op's outputs, so the op costs one launch. Other launches
/// (GPUs, wide test devices) shrink the partials with passes of <see cref="ReduceKernel"/> and write the outputs
/// from a single-thread kernel: one thread summing thousands of partials would serialise a GPU. Either way the summation
/// order depends only on the launch shape, which is fixed for a given accelerator and size. Partials are doubles:
/// loss sums keep their precision and counts stay exact.</summary>
internal sealed class SumKernels : IDisposable
{
    /// <summary>CPU-accelerator launches of at most this many threads finish their reduction in place; the last
    /// thread then adds this many partials per series. GPUs never do: besides serialising, ILGPU 1.5.3 emits the
    /// branch on the counter's value as a uniform branch (<c>bra.uni</c>) in PTX, which a divergent one must not be.</summary>
    private const int InLaunchThreads = 64;

    private readonly Accelerator accelerator;
    private readonly ScratchBuffer<double> scratch;
    private readonly MemoryBuffer1D<int, Stride1D.Dense> arrivals;
    private readonly Action<KernelConfig, Partition, ArrayView<float>, ArrayView<Float4>, ArrayView<Float4x4>, int, ArrayView<double>, ArrayView<int>,
        ArrayView<float>> partial;
    private readonly Action<KernelConfig, Partition, ArrayView<double>, ArrayView<double>, int> reduce;
    private readonly Action<KernelConfig, ArrayView<double>, ArrayView<float>> total;
    private readonly Action<KernelConfig, ArrayView<double>, ArrayView<float>, int> mean;
    private readonly Action<KernelConfig, ArrayView<double>, ArrayView<int>, int> counts;

    public SumKernels(Accelerator accelerator, ScratchBuffer<double> scratch)
    {
        this.accelerator = accelerator;
        this.scratch = scratch;
        arrivals = accelerator.Allocate1D<int>(1);
        arrivals.MemSetToZero();
        partial = accelerator.LoadStreamKernel<Partition, ArrayView<float>, ArrayView<Float4>, ArrayView<Float4x4>, int, ArrayView<double>,
            ArrayView<int>, ArrayView<float>>(PartialKernel);
        reduce = accelerator.LoadStreamKernel<Partition, ArrayView<double>, ArrayView<double>, int>(ReduceKernel);
        total = accelerator.LoadStreamKernel<ArrayView<double>, ArrayView<float>>(TotalKernel);
        mean = accelerator.LoadStreamKernel<ArrayView<double>, ArrayView<float>, int>(MeanKernel);
        counts = accelerator.LoadStreamKernel<ArrayView<double>, ArrayView<int>, int>(CountsKernel);
    }

    /// <summary>result[0] = Σ x.</summary>
    /// <remarks>Read as wide as the view allows: on the CPU accelerator, a view starting on a 64-byte boundary of its
    /// buffer as slabs of 16 floats (one bounds check per 16); else, on a 16-byte boundary, as quads (one bounds check
    /// per 4 floats there, one vector load on GPUs); the floats after the last whole slab or quad one by one. GPUs
    /// get no slabs: neighbouring threads would read 64 bytes apart instead of adjacent.</remarks>
    public void Sum(ArrayView<float> x, ArrayView<float> result)
    {
        int width = accelerator.AcceleratorType == AcceleratorType.CPU && Quads.SlabAligned(x) ? 16 : Quads.Aligned(x) ? 4 : 1;
        long items = x.Length / width;
        var whole = x.SubView(0, items * width);
        var launch = LaunchPolicy.For(accelerator, items);
        var reduction = Begin(launch, 1);
        partial(launch.Config, launch.Work, x, Quads.Of(whole, width == 4), Quads.SlabsOf(whole, width == 16), width, reduction.Partials,
            reduction.Arrivals, result);
        if (!reduction.FinishesInLaunch) total(LaunchPolicy.Single, Reduce(reduction), result);
    }

    /// <summary>Scratch for <paramref name="width"/> series of per-thread partials of <paramref name="first"/> (plus
    /// the room <see cref="Reduce"/> ping-pongs into), and the arrival counter when that launch finishes in place.</summary>
    public Reduction Begin(Launch first, int width)
    {
        bool inLaunch = accelerator.AcceleratorType == AcceleratorType.CPU && first.Threads <= InLaunchThreads;
        return new(scratch.Get(2L * width * first.Threads), inLaunch ? arrivals.View : ArrayView<int>.Empty, width, first.Threads);
    }

    /// <summary>Reduces the partials of a reduction that did not finish in its first launch to a view of one total
    /// per series.</summary>
    public ArrayView<double> Reduce(Reduction reduction)
    {
        long half = (long)reduction.Width * reduction.Threads;
        ArrayView<double> source = reduction.Partials.SubView(0, half), target = reduction.Partials.SubView(half, half);
        for (long length = reduction.Threads; length > 1;)
        {
            var launch = LaunchPolicy.ForReduction(accelerator, length);
            reduce(launch.Config, launch.Work, source, target, reduction.Width);
            length = launch.Threads;
            (source, target) = (target, source);
        }
        return source.SubView(0, reduction.Width);
    }

    /// <summary>See <see cref="WriteMean"/>, from one total per series.</summary>
    public void Mean(ArrayView<double> totals, ArrayView<float> loss, int perRow) =>
        mean(LaunchPolicy.Single, totals, loss, perRow);

    /// <summary>counts[s] = totals[s] for the first <paramref name="width"/> series.</summary>
    public void Counts(ArrayView<double> totals, ArrayView<int> result, int width) =>
        counts(LaunchPolicy.Single, totals, result, width);

    public void Dispose() => arrivals.Dispose();

    /// <summary>Counts the calling thread in, once it has written its partials. True in exactly one thread of a launch
    /// that finishes its reduction (the last to arrive, which may then read every partial); always false in a launch
    /// that does not (no counter).</summary>
    internal static bool LastToArrive(ArrayView<int> arrivals)
    {
        if (arrivals.Length == 0) return false;
        DeviceFence(); // this thread's partials are visible before it counts itself in
        if (Atomic.Add(ref arrivals[0], 1) != Partition.ThreadCount - 1) return false;
        arrivals[0] = 0; // every other thread has arrived: ready for the next launch
        DeviceFence();
        return true;
    }

    /// <summary>Orders this thread's global writes before its next atomic, and its later reads after it. Only PTX needs
    /// an instruction: its atomics are relaxed. The CPU accelerator's atomics are interlocked operations (full fences)
    /// and OpenCL's are sequentially consistent at device scope; ILGPU's OpenCL backend would also turn
    /// <see cref="MemoryFence.DeviceLevel"/> into a work-group barrier, which a lone thread must never reach.</summary>
    private static void DeviceFence()
    {
        if (CudaAsm.IsSupported) CudaAsm.Emit("membar.gl;");
    }

    /// <summary>result[0] = the total of series 0.</summary>
    internal static void WriteTotal(ArrayView<double> partials, int threads, ArrayView<float> result) =>
        result[0] = (float)SeriesTotal(partials, threads, 0);

    /// <summary>loss[0] = series 0 / (series 1 · perRow), or 0 when nothing was counted; loss[1] = series 1. Dividing
    /// by at least 1 turns "no counted rows" into loss 0 (the sum is 0 then) without a branch.</summary>
    internal static void WriteMean(ArrayView<double> partials, int threads, ArrayView<float> loss, int perRow)
    {
        double sum = SeriesTotal(partials, threads, 0), rows = SeriesTotal(partials, threads, 1);
        loss[0] = (float)(sum / Math.Max(rows * perRow, 1.0));
        loss[1] = (float)rows;
    }

    /// <summary>result[s] = the total of series s, for the first <paramref name="width"/> series.</summary>
    internal static void WriteCounts(ArrayView<double> partials, int threads, ArrayView<int> result, int width)
    {
        for (int s = 0; s < width; s++) result[s] = (int)SeriesTotal(partials, threads, s);
    }

    // In thread order, whichever thread adds them: the total never depends on which thread arrived last.
    private static double SeriesTotal(ArrayView<double> partials, int threads, int series)
    {
        double sum = 0;
        for (int t = 0; t < threads; t++) sum += partials[(long)series * threads + t];
        return sum;
    }

    // An item is `width` floats (16: a slab, 4: a quad, 1); thread 0 also adds the floats after the last whole item.
    // One accumulator per lane: independent chains of double adds instead of one as long as all of them.
    [KernelEntry]
    internal static void PartialKernel(Partition work, ArrayView<float> x, ArrayView<Float4> quads, ArrayView<Float4x4> slabs, int width,
        ArrayView<double> partials, ArrayView<int> arrivals, ArrayView<float> result)
    {
        var range = work.ForThisThread();
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        for (long i = range.Start; i < range.End; i += range.Step)
        {
            if (width == 16)
            {
                var slab = slabs[i];
                s0 += (double)slab.R0.X + slab.R0.Y + slab.R0.Z + slab.R0.W;
                s1 += (double)slab.R1.X + slab.R1.Y + slab.R1.Z + slab.R1.W;
                s2 += (double)slab.R2.X + slab.R2.Y + slab.R2.Z + slab.R2.W;
                s3 += (double)slab.R3.X + slab.R3.Y + slab.R3.Z + slab.R3.W;
            }
            else if (width == 4)
            {
                var q = quads[i];
                s0 += q.X; s1 += q.Y; s2 += q.Z; s3 += q.W;
            }
            else
            {
                s0 += x[i];
            }
        }
        double sum = (s0 + s1) + (s2 + s3);
        if (Partition.ThreadIndex == 0)
            for (long i = work.Items * width; i < x.Length; i++) sum += x[i];
        partials[Partition.ThreadIndex] = sum;
        if (LastToArrive(arrivals)) WriteTotal(partials, Partition.ThreadCount, result);
    }

    // work.Items is the length of each source series; threads without items write 0, keeping the target dense.
    [KernelEntry]
    internal static void ReduceKernel(Partition work, ArrayView<double> source, ArrayView<double> target, int width)
    {
        var range = work.ForThisThread();
        long threads = Partition.ThreadCount;
        for (int s = 0; s < width; s++)
        {
            long series = s * work.Items;
            double sum = 0;
            for (long i = range.Start; i < range.End; i += range.Step) sum += source[series + i];
            target[s * threads + Partition.ThreadIndex] = sum;
        }
    }

    [KernelEntry]
    internal static void TotalKernel(ArrayView<double> totals, ArrayView<float> result) => WriteTotal(totals, 1, result);

    [KernelEntry]
    internal static void MeanKernel(ArrayView<double> totals, ArrayView<float> loss, int perRow) => WriteMean(totals, 1, loss, perRow);

    [KernelEntry]
    internal static void CountsKernel(ArrayView<double> totals, ArrayView<int> result, int width) => WriteCounts(totals, 1, result, width);
}
