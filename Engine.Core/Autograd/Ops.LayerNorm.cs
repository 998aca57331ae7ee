using ClusterGcn.Engine.Core.Tensors;

namespace ClusterGcn.Engine.Core.Autograd;

public static partial class Ops
{
    /// <summary>Layer normalisation of each row (PyTorch's <c>nn.LayerNorm</c> over the last dimension):
    /// y = (x − mean)/√(var + eps)·gamma + beta, with the biased variance; gamma and beta are 1 × x.Cols.</summary>
    /// <remarks>The row means and reciprocal deviations stay on the device for the backward pass, in a tensor owned by
    /// the current scope (training steps run in one; outside a scope the buffer never returns to the pool, and the
    /// collector frees it once the result is gone). Without gradients they are released at once.</remarks>
    /// <exception cref="ArgumentException">gamma or beta is not 1 × x.Cols, only one of them requires a gradient,
    /// x has no columns, or eps is not positive and finite.</exception>
    public static Tensor LayerNorm(Tensor x, Tensor gamma, Tensor beta, float eps = 1e-5f)
    {
        var device = DeviceOf(x, gamma, "layer norm");
        DeviceOf(x, beta, "layer norm");
        RequireRowOf(x, gamma, "layer norm", "gamma");
        RequireRowOf(x, beta, "layer norm", "beta");
        if (gamma.RequiresGrad != beta.RequiresGrad)
            throw new ArgumentException("layer norm: gamma and beta must both require a gradient or neither (their gradients come from one kernel).", nameof(beta));
        var y = device.Empty(x.Rows, x.Cols, x.RequiresGrad || gamma.RequiresGrad);
        var stats = device.Empty(2, x.Rows, requiresGrad: false);
        var (mean, rstd) = (stats.View.Data.SubView(0, x.Rows), stats.View.Data.SubView(x.Rows, x.Rows));
        device.Kernels.LayerNorm(x.View, gamma.View.Data, beta.View.Data, y.View, mean, rstd, eps);
        if (!y.RequiresGrad)
        {
            stats.Dispose(); // kernels queued later reuse the buffer only after this one has read it (BufferPool)
            return y;
        }
        return y.RecordedFrom([x, gamma, beta], dy =>
        {
            if (x.RequiresGrad) device.Kernels.LayerNormBackward(x.View, gamma.View.Data, mean, rstd, dy.View, x.Grad.View);
            if (gamma.RequiresGrad)
                device.Kernels.LayerNormAffineBackward(x.View, mean, rstd, dy.View, gamma.Grad.View.Data, beta.Grad.View.Data);
        });
    }

    private static void RequireRowOf(Tensor x, Tensor row, string op, string operand)
    {
        if (row.Rows != 1 || row.Cols != x.Cols)
            throw new ArgumentException($"{op}: {operand} is [{row.Rows}, {row.Cols}] but [1, {x.Cols}] expected.", operand);
    }
}
