using ClusterGcn.Engine.Core.Tensors;

namespace ClusterGcn.Engine.Core.Autograd;

public static partial class Ops
{
    /// <summary>Inverted dropout: zeroes each element with probability <paramref name="p"/> and scales the rest by
    /// 1 / (1 − p). The mask is a hash of (<paramref name="seed"/>, element index), the same on every backend; the
    /// backward pass regenerates it instead of storing it. Outside training (or with p = 0) it returns x itself.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="p"/> is outside [0, 1).</exception>
    public static Tensor Dropout(Tensor x, float p, ulong seed, bool training)
    {
        if (!(p >= 0 && p < 1)) throw new ArgumentOutOfRangeException(nameof(p), p, "dropout: p must be in [0, 1).");
        if (!training || p == 0) return x;
        var device = x.Device;
        var y = device.Empty(x.Rows, x.Cols, x.RequiresGrad);
        device.Kernels.Dropout(x.View.Data, y.View.Data, p, seed);
        if (!y.RequiresGrad) return y;
        return y.RecordedFrom([x], dy => device.Kernels.DropoutBackward(dy.View.Data, x.Grad.View.Data, p, seed));
    }
}
