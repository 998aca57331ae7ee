using ClusterGcn.Engine.Core.Tensors;

namespace ClusterGcn.Engine.Core.Models;

/// <summary>A trainable tensor with the state-dict name PyTorch Geometric gives it (<c>convs.0.lin_l.weight</c>).</summary>
/// <param name="Name">The state-dict key.</param>
/// <param name="Value">The tensor on the model's device. Weights are stored [in, out] (the engine computes x·W), the
/// transpose of <c>torch.nn.Linear</c>'s [out, in]; biases are [1, out].</param>
public sealed record ModelParameter(string Name, Tensor Value)
{
    /// <summary>Whether the tensor is a weight matrix, stored transposed relative to PyTorch.</summary>
    public bool IsWeight => Name.EndsWith(".weight", StringComparison.Ordinal);
}
