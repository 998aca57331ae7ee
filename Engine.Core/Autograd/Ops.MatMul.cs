using ClusterGcn.Engine.Core.Tensors;
using ClusterGcn.Engine.Kernels;

namespace ClusterGcn.Engine.Core.Autograd;

public static partial class Ops
{
    /// <summary>y = x·w, with x n × k and w k × m.</summary>
    /// <exception cref="ArgumentException">The inner sizes differ.</exception>
    public static Tensor MatMul(Tensor x, Tensor w)
    {
        var device = DeviceOf(x, w, "matmul");
        if (x.Cols != w.Rows)
            throw new ArgumentException($"matmul: inner sizes differ: x is [{x.Rows}, {x.Cols}], w is [{w.Rows}, {w.Cols}].", nameof(w));
        var y = device.Empty(x.Rows, w.Cols, x.RequiresGrad || w.RequiresGrad);
        device.Kernels.MatMul(MatMulForm.AB, x.View, w.View, y.View, accumulate: false);
        if (!y.RequiresGrad) return y;
        return y.RecordedFrom([x, w], dy =>
        {
            if (x.RequiresGrad) device.Kernels.MatMul(MatMulForm.ABt, dy.View, w.View, x.Grad.View, accumulate: true); // dX += dY·Wᵀ
            if (w.RequiresGrad) device.Kernels.MatMul(MatMulForm.AtB, x.View, dy.View, w.Grad.View, accumulate: true); // dW += Xᵀ·dY
        });
    }
}
