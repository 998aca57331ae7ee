using ClusterGcn.Engine.Core.Tensors;

namespace ClusterGcn.Engine.Core.Autograd;

public static partial class Ops
{
    /// <summary>y = a + b elementwise, for tensors of the same shape.</summary>
    /// <exception cref="ArgumentException">The shapes differ.</exception>
    public static Tensor Add(Tensor a, Tensor b)
    {
        var device = DeviceOf(a, b, "add");
        if (a.Rows != b.Rows || a.Cols != b.Cols)
            throw new ArgumentException($"add: shapes differ: a is [{a.Rows}, {a.Cols}], b is [{b.Rows}, {b.Cols}].", nameof(b));
        var y = device.Empty(a.Rows, a.Cols, a.RequiresGrad || b.RequiresGrad);
        device.Kernels.Add(a.View.Data, b.View.Data, y.View.Data);
        if (!y.RequiresGrad) return y;
        return y.RecordedFrom([a, b], dy =>
        {
            if (a.RequiresGrad) device.Kernels.Axpy(1f, dy.View.Data, a.Grad.View.Data);
            if (b.RequiresGrad) device.Kernels.Axpy(1f, dy.View.Data, b.Grad.View.Data);
        });
    }
}
