using ClusterGcn.Engine.Kernels.Ilgpu.Reduction;
using ILGPU;
using ILGPU.Runtime;

namespace ClusterGcn.Engine.Kernels.Ilgpu.Loss;

/// <summary>Fused sigmoid + masked binary cross-entropy for multi-label targets, mean over counted rows and all
/// classes, and its gradient.</summary>
internal sealed class SigmoidBceKernels
{
    private readonly Accelerator accelerator;
    private readonly SumKernels sums;
    private readonly Action<KernelConfig, Partition, ArrayView<float>, ArrayView<float>, ArrayView<int>, ArrayView<double>, ArrayView<int>, ArrayView<float>, int> forward;
    private readonly Action<KernelConfig, Partition, ArrayView<float>, ArrayView<float>, ArrayView<int>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int> backward;

    public SigmoidBceKernels(Accelerator accelerator, SumKernels sums)
    {
        this.accelerator = accelerator;
        this.sums = sums;
        forward = accelerator.LoadStreamKernel<Partition, ArrayView<float>, ArrayView<float>, ArrayView<int>, ArrayView<double>, ArrayView<int>, ArrayView<float>, int>(ForwardKernel);
        backward = accelerator.LoadStreamKernel<Partition, ArrayView<float>, ArrayView<float>, ArrayView<int>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int>(BackwardKernel);
    }

    public void Forward(DenseView logits, DenseView targets, ArrayView<int> rowMask, ArrayView<float> loss)
    {
        var launch = LaunchPolicy.For(accelerator, logits.Rows);
        var reduction = sums.Begin(launch, 2);
        forward(launch.Config, launch.Work, logits.Data, targets.Data, rowMask, reduction.Partials, reduction.Arrivals, loss, logits.Cols);
        if (!reduction.FinishesInLaunch) sums.Mean(sums.Reduce(reduction), loss, logits.Cols);
    }

    public void Backward(DenseView logits, DenseView targets, ArrayView<int> rowMask, ArrayView<float> loss,
        ArrayView<float> dLoss, DenseView dLogits)
    {
        var launch = LaunchPolicy.For(accelerator, logits.Length);
        backward(launch.Config, launch.Work, logits.Data, targets.Data, rowMask, loss, dLoss, dLogits.Data, logits.Cols);
    }

    // One item per row, so the row count falls out of the same loop. The loss is written from the logit as
    // max(x, 0) − x·t + log(1 + e^−|x|), which never takes the log of 0 and never overflows exp.
    [KernelEntry]
    internal static void ForwardKernel(Partition work, ArrayView<float> logits, ArrayView<float> targets, ArrayView<int> rowMask,
        ArrayView<double> partials, ArrayView<int> arrivals, ArrayView<float> meanLoss, int cols)
    {
        var range = work.ForThisThread();
        double loss = 0, count = 0;
        for (long row = range.Start; row < range.End; row += range.Step)
        {
            if (rowMask[row] == 0) continue;
            long offset = row * cols;
            float sum = 0f;
            for (int c = 0; c < cols; c++)
            {
                float x = logits[offset + c];
                sum += Math.Max(x, 0f) - x * targets[offset + c] + MathF.Log(1f + MathF.Exp(-Math.Abs(x)));
            }
            loss += sum;
            count += 1;
        }
        partials[Partition.ThreadIndex] = loss;
        partials[Partition.ThreadCount + Partition.ThreadIndex] = count;
        if (SumKernels.LastToArrive(arrivals)) SumKernels.WriteMean(partials, Partition.ThreadCount, meanLoss, cols);
    }

    // One item per element. σ(x) = 1 / (1 + e^−x) saturates to 0 or 1 without NaN at either extreme.
    [KernelEntry]
    internal static void BackwardKernel(Partition work, ArrayView<float> logits, ArrayView<float> targets, ArrayView<int> rowMask,
        ArrayView<float> loss, ArrayView<float> dLoss, ArrayView<float> dLogits, int cols)
    {
        var range = work.ForThisThread();
        float scale = dLoss[0] / (Math.Max(loss[1], 1f) * cols);
        for (long i = range.Start; i < range.End; i += range.Step)
        {
            int keep = rowMask[(int)(i / cols)] != 0 ? 1 : 0;
            float sigmoid = 1f / (1f + MathF.Exp(-logits[i]));
            dLogits[i] += keep * scale * (sigmoid - targets[i]);
        }
    }
}
