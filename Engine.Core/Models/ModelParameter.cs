using ClusterGcn.Engine.Core.Tensors;

namespace ClusterGcn.Engine.Core.Models;

/// <summary>A trainable tensor with the state-dict name PyTorch Geometric gives it (<c>convs.0.lin_l.weight</c>).</summary>
/// <param name="Name">The state-dict key.</param>
/// <param name="Value">The tensor on the model's device. Weight matrices are stored [in, out] (the engine computes x·W),
/// the transpose of <c>torch.nn.Linear</c>'s [out, in]; vectors (biases, layer-norm scales and shifts) are [1, n].</param>
/// <param name="IsWeight">Whether the tensor is a weight matrix, stored transposed relative to PyTorch; false for
/// vectors, which PyTorch holds as [n] (a layer norm's <c>weight</c> is one of them, whatever its name).</param>
public sealed record ModelParameter(string Name, Tensor Value, bool IsWeight = false);
