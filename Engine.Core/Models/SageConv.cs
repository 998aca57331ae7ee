using ClusterGcn.Engine.Core.Devices;

namespace ClusterGcn.Engine.Core.Models;

/// <summary>GraphSAGE with mean aggregation, as PyTorch Geometric's <c>SAGEConv</c> defines it:
/// out_i = W_l·mean_{j ∈ N(i)} x_j + b + W_r·x_i (the bias belongs to <c>lin_l</c>; <c>lin_r</c> has none).</summary>
/// <remarks>The batch adjacency must carry no values, so that aggregation is the plain neighbour mean.</remarks>
public sealed class SageConv(ComputeDevice device, int inFeatures, int outFeatures, ulong seed)
    : GraphConv(device, inFeatures, outFeatures, rootWeight: true, seed)
{
    /// <inheritdoc />
    public override IReadOnlyList<ModelParameter> NamedParameters(string prefix) =>
        [new($"{prefix}lin_l.weight", Weight, IsWeight: true), new($"{prefix}lin_l.bias", Bias), new($"{prefix}lin_r.weight", RootWeight!, IsWeight: true)];
}
