using ClusterGcn.Engine.Core.Autograd;
using ClusterGcn.Engine.Core.Devices;
using ClusterGcn.Engine.Core.Tensors;

namespace ClusterGcn.Engine.Core.Models;

/// <summary>Layer normalisation with a learned scale and shift per feature, as PyTorch's <c>nn.LayerNorm(features)</c>:
/// y = (x − mean)/√(var + eps)·weight + bias over each row, the variance biased.</summary>
/// <remarks>The parameters start at weight = 1 and bias = 0 (the identity after normalising), are created on the
/// device outside any scope, and are released by <see cref="Dispose"/>.</remarks>
public sealed class LayerNorm : IDisposable
{
    /// <summary>Creates the parameters on <paramref name="device"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="features"/> is not positive, or
    /// <paramref name="eps"/> is not positive and finite.</exception>
    public LayerNorm(ComputeDevice device, int features, float eps = 1e-5f)
    {
        if (features <= 0)
            throw new ArgumentOutOfRangeException(nameof(features), $"layer norm: features must be positive (got {features}).");
        if (!(eps > 0 && float.IsFinite(eps)))
            throw new ArgumentOutOfRangeException(nameof(eps), $"layer norm: eps must be positive and finite (got {eps}).");
        (Features, Epsilon) = (features, eps);
        Weight = device.FromHost(Enumerable.Repeat(1f, features).ToArray(), 1, features, requiresGrad: true);
        Bias = device.Zeros(1, features, requiresGrad: true);
    }

    /// <summary>Width of the rows normalised.</summary>
    public int Features { get; }

    /// <summary>Added to the variance before the square root (PyTorch's default 1e-5).</summary>
    public float Epsilon { get; }

    /// <summary>gamma, [1, features]: the scale after normalising.</summary>
    public Tensor Weight { get; }

    /// <summary>beta, [1, features]: the shift after scaling.</summary>
    public Tensor Bias { get; }

    /// <summary>The parameters with PyTorch's names under <paramref name="prefix"/> (e.g. "norms.0."): "weight" and "bias".</summary>
    public IReadOnlyList<ModelParameter> NamedParameters(string prefix) =>
        [new(prefix + "weight", Weight), new(prefix + "bias", Bias)];

    /// <summary>The normalised rows of <paramref name="x"/>, [N, features].</summary>
    /// <exception cref="ArgumentException"><paramref name="x"/> is not [N, features] or lives on another device.</exception>
    public Tensor Forward(Tensor x) => Ops.LayerNorm(x, Weight, Bias, Epsilon);

    /// <summary>Releases the parameters and their gradients.</summary>
    public void Dispose()
    {
        Weight.Dispose();
        Bias.Dispose();
    }
}
