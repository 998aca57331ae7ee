using ClusterGcn.Engine.Kernels.Ilgpu.Reduction;
using ILGPU;
using ILGPU.Runtime;

namespace ClusterGcn.Engine.Kernels.Ilgpu.Metrics;

/// <summary>Multi-label confusion counts over counted rows: class c is predicted when its logit is &gt; 0 and is
/// positive when its target is &gt; 0.5.</summary>
internal sealed class MultiLabelKernels
{
    private readonly Accelerator accelerator;
    private readonly SumKernels sums;
    private readonly Action<KernelConfig, Partition, ArrayView<float>, ArrayView<float>, ArrayView<int>, ArrayView<double>, ArrayView<int>, ArrayView<int>, int> counts;

    public MultiLabelKernels(Accelerator accelerator, SumKernels sums)
    {
        this.accelerator = accelerator;
        this.sums = sums;
        counts = accelerator.LoadStreamKernel<Partition, ArrayView<float>, ArrayView<float>, ArrayView<int>, ArrayView<double>, ArrayView<int>, ArrayView<int>, int>(CountsKernel);
    }

    public void Counts(DenseView logits, DenseView targets, ArrayView<int> rowMask, ArrayView<int> result)
    {
        var launch = LaunchPolicy.For(accelerator, logits.Length);
        var reduction = sums.Begin(launch, 3);
        counts(launch.Config, launch.Work, logits.Data, targets.Data, rowMask, reduction.Partials, reduction.Arrivals, result, logits.Cols);
        if (!reduction.FinishesInLaunch) sums.Counts(sums.Reduce(reduction), result, 3);
    }

    // One item per element; series 0, 1, 2: true positives, false positives, false negatives. The 0/1 ints
    // multiply instead of branching.
    [KernelEntry]
    internal static void CountsKernel(Partition work, ArrayView<float> logits, ArrayView<float> targets, ArrayView<int> rowMask,
        ArrayView<double> partials, ArrayView<int> arrivals, ArrayView<int> result, int cols)
    {
        var range = work.ForThisThread();
        long truePositives = 0, falsePositives = 0, falseNegatives = 0;
        for (long i = range.Start; i < range.End; i += range.Step)
        {
            int keep = rowMask[(int)(i / cols)] != 0 ? 1 : 0;
            int predicted = logits[i] > 0f ? 1 : 0;
            int positive = targets[i] > 0.5f ? 1 : 0;
            truePositives += keep * predicted * positive;
            falsePositives += keep * predicted * (1 - positive);
            falseNegatives += keep * (1 - predicted) * positive;
        }
        int thread = Partition.ThreadIndex, threads = Partition.ThreadCount;
        partials[thread] = truePositives;
        partials[threads + thread] = falsePositives;
        partials[2 * threads + thread] = falseNegatives;
        if (SumKernels.LastToArrive(arrivals)) SumKernels.WriteCounts(partials, threads, result, 3);
    }
}
