using ClusterGcn.Engine.Core.Tensors;
using ILGPU.Runtime;

namespace ClusterGcn.Engine.Core.Autograd;

public static partial class Ops
{
    /// <summary>y[i, j] = x[i, j] + bias[0, j], with bias 1 × cols.</summary>
    /// <exception cref="ArgumentException"><paramref name="bias"/> is not 1 × x.Cols.</exception>
    public static Tensor AddBias(Tensor x, Tensor bias)
    {
        var device = DeviceOf(x, bias, "add bias");
        if (bias.Rows != 1 || bias.Cols != x.Cols)
            throw new ArgumentException($"add bias: bias is [{bias.Rows}, {bias.Cols}] but [1, {x.Cols}] expected.", nameof(bias));
        var y = device.Empty(x.Rows, x.Cols, x.RequiresGrad || bias.RequiresGrad);
        // The kernel adds in place; copying first keeps x intact for whoever else reads it.
        x.View.Data.CopyTo(y.View.Data);
        device.Kernels.AddBias(y.View, bias.View.Data);
        if (!y.RequiresGrad) return y;
        return y.RecordedFrom([x, bias], dy =>
        {
            if (x.RequiresGrad) device.Kernels.Axpy(1f, dy.View.Data, x.Grad.View.Data);
            if (bias.RequiresGrad) device.Kernels.BiasBackward(dy.View, bias.Grad.View.Data);
        });
    }
}
