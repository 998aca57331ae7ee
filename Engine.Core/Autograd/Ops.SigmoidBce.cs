using ClusterGcn.Engine.Core.Tensors;
using ILGPU;

namespace ClusterGcn.Engine.Core.Autograd;

public static partial class Ops
{
    /// <summary>Multi-label loss: the mean over counted rows and all classes of the binary cross-entropy between
    /// sigmoid(logits) and <paramref name="targets"/> in [0, 1], as a 1 × 1 tensor on the device.</summary>
    /// <exception cref="ArgumentException"><paramref name="targets"/> requires a gradient (targets are data).</exception>
    public static Tensor SigmoidBce(Tensor logits, Tensor targets, ArrayView<int> rowMask)
    {
        var device = DeviceOf(logits, targets, "sigmoid cross-entropy");
        if (targets.RequiresGrad)
            throw new ArgumentException("sigmoid cross-entropy: targets must not require a gradient.", nameof(targets));
        var loss = device.Empty(1, 1, logits.RequiresGrad);
        // The kernel writes the mean and, next to it, the counted rows that its backward divides by.
        var stats = loss.Storage.SubView(0, 2);
        device.Kernels.SigmoidBce(logits.View, targets.View, rowMask, stats);
        if (!loss.RequiresGrad) return loss;
        return loss.RecordedFrom([logits], dLoss =>
            device.Kernels.SigmoidBceBackward(logits.View, targets.View, rowMask, stats, dLoss.View.Data, logits.Grad.View));
    }
}
