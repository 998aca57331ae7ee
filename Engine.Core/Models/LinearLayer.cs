using ClusterGcn.Engine.Core.Devices;

namespace ClusterGcn.Engine.Core.Models;

/// <summary>A fully connected layer, out = x·W + b, as PyTorch's <c>Linear</c>: the layer of an MLP
/// (<see cref="GnnArchitecture.Mlp"/>). It runs as a <see cref="GraphConv"/> over the identity adjacency that
/// <see cref="HostAdjacency.Prepare"/> gives MLPs, so batches, inference and checkpoints need no second path.</summary>
public sealed class LinearLayer(ComputeDevice device, int inFeatures, int outFeatures, ulong seed)
    : GraphConv(device, inFeatures, outFeatures, rootWeight: false, seed)
{
    /// <inheritdoc />
    public override IReadOnlyList<ModelParameter> NamedParameters(string prefix) =>
        [new($"{prefix}weight", Weight, IsWeight: true), new($"{prefix}bias", Bias)];
}
