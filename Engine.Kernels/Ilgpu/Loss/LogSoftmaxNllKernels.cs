using ClusterGcn.Engine.Kernels.Ilgpu.Reduction;
using ILGPU;
using ILGPU.Runtime;

namespace ClusterGcn.Engine.Kernels.Ilgpu.Loss;

/// <summary>Log-softmax, and the fused log-softmax + masked NLL with its gradient. A row counts when its mask is
/// non-zero and its label lies in [0, C); other labels are never read through.</summary>
internal sealed class LogSoftmaxNllKernels
{
    private readonly Accelerator accelerator;
    private readonly SumKernels sums;
    private readonly Action<KernelConfig, Partition, ArrayView<float>, ArrayView<float>, int> logSoftmax;
    private readonly Action<KernelConfig, Partition, ArrayView<float>, ArrayView<int>, ArrayView<int>, ArrayView<double>, ArrayView<int>, ArrayView<float>, int> forward;
    private readonly Action<KernelConfig, Partition, ArrayView<float>, ArrayView<int>, ArrayView<int>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int> backward;

    public LogSoftmaxNllKernels(Accelerator accelerator, SumKernels sums)
    {
        this.accelerator = accelerator;
        this.sums = sums;
        logSoftmax = accelerator.LoadStreamKernel<Partition, ArrayView<float>, ArrayView<float>, int>(LogSoftmaxKernel);
        forward = accelerator.LoadStreamKernel<Partition, ArrayView<float>, ArrayView<int>, ArrayView<int>, ArrayView<double>, ArrayView<int>, ArrayView<float>, int>(ForwardKernel);
        backward = accelerator.LoadStreamKernel<Partition, ArrayView<float>, ArrayView<int>, ArrayView<int>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int>(BackwardKernel);
    }

    public void LogSoftmax(DenseView logits, DenseView logProbs)
    {
        var launch = LaunchPolicy.For(accelerator, logits.Rows);
        logSoftmax(launch.Config, launch.Work, logits.Data, logProbs.Data, logits.Cols);
    }

    public void Forward(DenseView logits, ArrayView<int> labels, ArrayView<int> rowMask, ArrayView<float> loss)
    {
        var launch = LaunchPolicy.For(accelerator, logits.Rows);
        var reduction = sums.Begin(launch, 2);
        forward(launch.Config, launch.Work, logits.Data, labels, rowMask, reduction.Partials, reduction.Arrivals, loss, logits.Cols);
        if (!reduction.FinishesInLaunch) sums.Mean(sums.Reduce(reduction), loss, 1);
    }

    public void Backward(DenseView logits, ArrayView<int> labels, ArrayView<int> rowMask, ArrayView<float> loss,
        ArrayView<float> dLoss, DenseView dLogits)
    {
        var launch = LaunchPolicy.For(accelerator, logits.Rows);
        backward(launch.Config, launch.Work, logits.Data, labels, rowMask, loss, dLoss, dLogits.Data, logits.Cols);
    }

    // One item per row: C is small (≤ 128 classes), and a row's max, sum and outputs stay in one thread.
    [KernelEntry]
    internal static void LogSoftmaxKernel(Partition work, ArrayView<float> logits, ArrayView<float> logProbs, int cols)
    {
        var range = work.ForThisThread();
        for (long row = range.Start; row < range.End; row += range.Step)
        {
            long offset = row * cols;
            float lse = LogSumExp(logits, offset, cols);
            for (int c = 0; c < cols; c++) logProbs[offset + c] = logits[offset + c] - lse;
        }
    }

    // Series 0 of the partials: the summed −log p(label); series 1: the counted rows.
    [KernelEntry]
    internal static void ForwardKernel(Partition work, ArrayView<float> logits, ArrayView<int> labels, ArrayView<int> rowMask,
        ArrayView<double> partials, ArrayView<int> arrivals, ArrayView<float> meanLoss, int cols)
    {
        var range = work.ForThisThread();
        double loss = 0, count = 0;
        for (long row = range.Start; row < range.End; row += range.Step)
        {
            int label = labels[row];
            if (!Counted(label, rowMask[row], cols)) continue;
            long offset = row * cols;
            loss += LogSumExp(logits, offset, cols) - logits[offset + label];
            count += 1;
        }
        partials[Partition.ThreadIndex] = loss;
        partials[Partition.ThreadCount + Partition.ThreadIndex] = count;
        if (SumKernels.LastToArrive(arrivals)) SumKernels.WriteMean(partials, Partition.ThreadCount, meanLoss, 1);
    }

    // dLoss and the row count are read from the device: the trainer never waits for a host copy.
    [KernelEntry]
    internal static void BackwardKernel(Partition work, ArrayView<float> logits, ArrayView<int> labels, ArrayView<int> rowMask,
        ArrayView<float> loss, ArrayView<float> dLoss, ArrayView<float> dLogits, int cols)
    {
        var range = work.ForThisThread();
        float scale = dLoss[0] / Math.Max(loss[1], 1f);
        for (long row = range.Start; row < range.End; row += range.Step)
        {
            int label = labels[row];
            if (!Counted(label, rowMask[row], cols)) continue;
            long offset = row * cols;
            float lse = LogSumExp(logits, offset, cols);
            for (int c = 0; c < cols; c++)
            {
                int target = c == label ? 1 : 0;
                dLogits[offset + c] += scale * (MathF.Exp(logits[offset + c] - lse) - target);
            }
        }
    }

    private static bool Counted(int label, int mask, int cols) => mask != 0 & label >= 0 & label < cols;

    // Subtracting the row maximum keeps every exp in (0, 1], so large logits cannot overflow.
    private static float LogSumExp(ArrayView<float> x, long offset, int cols)
    {
        float max = x[offset];
        for (int c = 1; c < cols; c++) max = Math.Max(max, x[offset + c]);
        float sum = 0f;
        for (int c = 0; c < cols; c++) sum += MathF.Exp(x[offset + c] - max);
        return max + MathF.Log(sum);
    }
}
