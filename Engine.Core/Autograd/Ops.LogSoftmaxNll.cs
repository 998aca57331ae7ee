using ClusterGcn.Engine.Core.Tensors;
using ILGPU;

namespace ClusterGcn.Engine.Core.Autograd;

public static partial class Ops
{
    /// <summary>The mean over counted rows of −log softmax(logits[i])[labels[i]], as a 1 × 1 tensor on the device.</summary>
    /// <remarks>A row counts when <paramref name="rowMask"/> is non-zero there; no counted rows give 0. Labels and mask
    /// are device int buffers of one entry per row.</remarks>
    public static Tensor LogSoftmaxNll(Tensor logits, ArrayView<int> labels, ArrayView<int> rowMask)
    {
        var device = logits.Device;
        var loss = device.Empty(1, 1, logits.RequiresGrad);
        // The kernel writes the mean and, next to it, the counted rows that its backward divides by.
        var stats = loss.Storage.SubView(0, 2);
        device.Kernels.LogSoftmaxNll(logits.View, labels, rowMask, stats);
        if (!loss.RequiresGrad) return loss;
        return loss.RecordedFrom([logits], dLoss =>
            device.Kernels.LogSoftmaxNllBackward(logits.View, labels, rowMask, stats, dLoss.View.Data, logits.Grad.View));
    }
}
