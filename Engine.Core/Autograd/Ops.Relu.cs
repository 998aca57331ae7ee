using ClusterGcn.Engine.Core.Tensors;

namespace ClusterGcn.Engine.Core.Autograd;

public static partial class Ops
{
    /// <summary>y = max(x, 0).</summary>
    public static Tensor Relu(Tensor x)
    {
        var device = x.Device;
        var y = device.Empty(x.Rows, x.Cols, x.RequiresGrad);
        device.Kernels.Relu(x.View.Data, y.View.Data);
        if (!y.RequiresGrad) return y;
        // The kernel reads the output, which is zero exactly where the input was not positive.
        return y.RecordedFrom([x], dy => device.Kernels.ReluBackward(y.View.Data, dy.View.Data, x.Grad.View.Data));
    }
}
