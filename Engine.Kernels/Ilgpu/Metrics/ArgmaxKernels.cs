using ClusterGcn.Engine.Kernels.Ilgpu.Reduction;
using ILGPU;
using ILGPU.Runtime;

namespace ClusterGcn.Engine.Kernels.Ilgpu.Metrics;

/// <summary>Row argmax (the first column holding the maximum), and single-label accuracy counts built on it.</summary>
internal sealed class ArgmaxKernels
{
    private readonly Accelerator accelerator;
    private readonly SumKernels sums;
    private readonly Action<KernelConfig, Partition, ArrayView<float>, ArrayView<int>, int> argmax;
    private readonly Action<KernelConfig, Partition, ArrayView<float>, ArrayView<int>, ArrayView<int>, ArrayView<double>, ArrayView<int>, ArrayView<int>, int> countCorrect;

    public ArgmaxKernels(Accelerator accelerator, SumKernels sums)
    {
        this.accelerator = accelerator;
        this.sums = sums;
        argmax = accelerator.LoadStreamKernel<Partition, ArrayView<float>, ArrayView<int>, int>(ArgmaxKernel);
        countCorrect = accelerator.LoadStreamKernel<Partition, ArrayView<float>, ArrayView<int>, ArrayView<int>, ArrayView<double>, ArrayView<int>, ArrayView<int>, int>(CountCorrectKernel);
    }

    public void Argmax(DenseView x, ArrayView<int> result)
    {
        var launch = LaunchPolicy.For(accelerator, x.Rows);
        argmax(launch.Config, launch.Work, x.Data, result, x.Cols);
    }

    public void CountCorrect(DenseView logits, ArrayView<int> labels, ArrayView<int> rowMask, ArrayView<int> counts)
    {
        var launch = LaunchPolicy.For(accelerator, logits.Rows);
        var reduction = sums.Begin(launch, 2);
        countCorrect(launch.Config, launch.Work, logits.Data, labels, rowMask, reduction.Partials, reduction.Arrivals, counts, logits.Cols);
        if (!reduction.FinishesInLaunch) sums.Counts(sums.Reduce(reduction), counts, 2);
    }

    [KernelEntry]
    internal static void ArgmaxKernel(Partition work, ArrayView<float> x, ArrayView<int> result, int cols)
    {
        var range = work.ForThisThread();
        for (long row = range.Start; row < range.End; row += range.Step) result[row] = RowArgmax(x, row * cols, cols);
    }

    // Series 0: counted rows predicted right; series 1: counted rows (mask set and label in [0, C)).
    [KernelEntry]
    internal static void CountCorrectKernel(Partition work, ArrayView<float> logits, ArrayView<int> labels, ArrayView<int> rowMask,
        ArrayView<double> partials, ArrayView<int> arrivals, ArrayView<int> counts, int cols)
    {
        var range = work.ForThisThread();
        long correct = 0, counted = 0;
        for (long row = range.Start; row < range.End; row += range.Step)
        {
            int label = labels[row];
            if (rowMask[row] == 0 | label < 0 | label >= cols) continue;
            counted++;
            correct += RowArgmax(logits, row * cols, cols) == label ? 1 : 0;
        }
        partials[Partition.ThreadIndex] = correct;
        partials[Partition.ThreadCount + Partition.ThreadIndex] = counted;
        if (SumKernels.LastToArrive(arrivals)) SumKernels.WriteCounts(partials, Partition.ThreadCount, counts, 2);
    }

    // Strictly greater keeps the first of tied maxima; the int select compiles without a branch.
    private static int RowArgmax(ArrayView<float> x, long offset, int cols)
    {
        int best = 0;
        float max = x[offset];
        for (int c = 1; c < cols; c++)
        {
            float v = x[offset + c];
            best = v > max ? c : best;
            max = Math.Max(max, v);
        }
        return best;
    }
}
