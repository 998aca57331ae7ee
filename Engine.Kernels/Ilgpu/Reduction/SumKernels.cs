using ILGPU;
using ILGPU.Runtime;

namespace ClusterGcn.Engine.Kernels.Ilgpu.Reduction;

/// <summary>Deterministic reductions without atomics, barriers or shared memory: a first pass leaves one partial
/// per thread (per series), then passes of <see cref="ReduceKernel"/> shrink them to one total per series, and a
/// single-thread kernel writes the op's outputs. For a given accelerator the launch shapes, and so the summation
/// order, never change. Partials are doubles: loss sums keep their precision and counts stay exact.</summary>
/// <remarks>Series s of a pass's partials occupies [s·threads, (s + 1)·threads) of the scratch.</remarks>
internal sealed class SumKernels
{
    private readonly Accelerator accelerator;
    private readonly ScratchBuffer<double> scratch;
    private readonly Action<KernelConfig, Partition, ArrayView<float>, ArrayView<Float4>, int, ArrayView<double>> partial;
    private readonly Action<KernelConfig, Partition, ArrayView<double>, ArrayView<double>, int> reduce;
    private readonly Action<KernelConfig, ArrayView<double>, ArrayView<float>> total;
    private readonly Action<KernelConfig, ArrayView<double>, ArrayView<float>, int> mean;
    private readonly Action<KernelConfig, ArrayView<double>, ArrayView<int>, int> counts;

    public SumKernels(Accelerator accelerator, ScratchBuffer<double> scratch)
    {
        this.accelerator = accelerator;
        this.scratch = scratch;
        partial = accelerator.LoadStreamKernel<Partition, ArrayView<float>, ArrayView<Float4>, int, ArrayView<double>>(PartialKernel);
        reduce = accelerator.LoadStreamKernel<Partition, ArrayView<double>, ArrayView<double>, int>(ReduceKernel);
        total = accelerator.LoadStreamKernel<ArrayView<double>, ArrayView<float>>(TotalKernel);
        mean = accelerator.LoadStreamKernel<ArrayView<double>, ArrayView<float>, int>(MeanKernel);
        counts = accelerator.LoadStreamKernel<ArrayView<double>, ArrayView<int>, int>(CountsKernel);
    }

    /// <summary>result[0] = Σ x.</summary>
    /// <remarks>A view starting on a 16-byte boundary is read as quads (one bounds check per 4 floats on the CPU
    /// accelerator, one vector load on GPUs), the last x.Length mod 4 floats one by one.</remarks>
    public void Sum(ArrayView<float> x, ArrayView<float> result)
    {
        bool aligned = Quads.Aligned(x);
        long quadCount = aligned ? x.Length / 4 : 0;
        var quads = x.SubView(0, quadCount * 4).Cast<Float4>();
        var launch = LaunchPolicy.For(accelerator, aligned ? quadCount : x.Length);
        var partials = Partials(launch, 1);
        partial(launch.Config, launch.Work, x, quads, aligned ? 1 : 0, partials);
        total(LaunchPolicy.Single, Reduce(partials, 1, launch.Threads), result);
    }

    /// <summary>Scratch for <paramref name="width"/> series of per-thread partials of <paramref name="first"/>, plus
    /// the room <see cref="Reduce"/> ping-pongs into.</summary>
    public ArrayView<double> Partials(Launch first, int width) => scratch.Get(2L * width * first.Threads);

    /// <summary>Reduces <paramref name="width"/> series of <paramref name="threads"/> partials, laid out by
    /// <see cref="Partials"/>, to a view of one total per series.</summary>
    public ArrayView<double> Reduce(ArrayView<double> partials, int width, long threads)
    {
        long half = width * threads;
        ArrayView<double> source = partials.SubView(0, half), target = partials.SubView(half, half);
        for (long length = threads; length > 1;)
        {
            var launch = LaunchPolicy.ForReduction(accelerator, length);
            reduce(launch.Config, launch.Work, source, target, width);
            length = launch.Threads;
            (source, target) = (target, source);
        }
        return source.SubView(0, width);
    }

    /// <summary>loss[0] = totals[0] / (totals[1]·perRow), or 0 when nothing was counted; loss[1] = totals[1].</summary>
    public void Mean(ArrayView<double> totals, ArrayView<float> loss, int perRow) =>
        mean(LaunchPolicy.Single, totals, loss, perRow);

    /// <summary>counts[s] = totals[s] for the first <paramref name="width"/> series.</summary>
    public void Counts(ArrayView<double> totals, ArrayView<int> result, int width) =>
        counts(LaunchPolicy.Single, totals, result, width);

    // Items are quads when `vector` is set (thread 0 then adds the floats after the last whole quad), else floats.
    [KernelEntry]
    internal static void PartialKernel(Partition work, ArrayView<float> x, ArrayView<Float4> quads, int vector, ArrayView<double> partials)
    {
        var range = work.ForThisThread();
        double sum = 0;
        if (vector != 0)
        {
            for (long i = range.Start; i < range.End; i += range.Step)
            {
                var q = quads[i];
                sum += (double)q.X + q.Y + q.Z + q.W;
            }
            if (Partition.ThreadIndex == 0)
                for (long i = quads.Length * 4; i < x.Length; i++) sum += x[i];
        }
        else
        {
            for (long i = range.Start; i < range.End; i += range.Step) sum += x[i];
        }
        partials[Partition.ThreadIndex] = sum;
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
    internal static void TotalKernel(ArrayView<double> totals, ArrayView<float> result) => result[0] = (float)totals[0];

    // Dividing by at least 1 turns "no counted rows" into loss 0 (the sum is 0 then) without a branch.
    [KernelEntry]
    internal static void MeanKernel(ArrayView<double> totals, ArrayView<float> loss, int perRow)
    {
        loss[0] = (float)(totals[0] / Math.Max(totals[1] * perRow, 1.0));
        loss[1] = (float)totals[1];
    }

    [KernelEntry]
    internal static void CountsKernel(ArrayView<double> totals, ArrayView<int> result, int width)
    {
        for (int s = 0; s < width; s++) result[s] = (int)totals[s];
    }
}
