using ClusterGcn.Engine.Core.Tensors;
using ClusterGcn.Engine.Kernels;

namespace ClusterGcn.Engine.Core.Autograd;

public static partial class Ops
{
    /// <summary>y[i] = src[rows[i]]: e.g. the features of a batch's nodes.</summary>
    /// <exception cref="ArgumentException">src requires a gradient but <paramref name="rows"/> repeats an id: the backward
    /// scatter-add works without atomics only over distinct rows.</exception>
    public static Tensor GatherRows(Tensor src, DeviceIndex rows)
    {
        if (src.RequiresGrad && !rows.Distinct)
            throw new ArgumentException("gather rows: ids repeat, so the gradient of the source cannot be scattered back.", nameof(rows));
        var device = src.Device;
        var y = device.Empty(rows.Count, src.Cols, src.RequiresGrad);
        device.Kernels.GatherRows(src.View, rows, y.View);
        if (!y.RequiresGrad) return y;
        return y.RecordedFrom([src], dy => device.Kernels.ScatterAddRows(dy.View, rows, src.Grad.View));
    }
}
