using ClusterGcn.Engine.Core.Devices;

namespace ClusterGcn.Engine.Core.Models;

/// <summary>A graph convolution over a normalised adjacency Â (<see cref="GcnNormalization"/>), as PyTorch
/// Geometric's <c>GCNConv</c> and Cluster-GCN define it: out = Â·x·W + b.</summary>
public sealed class GcnConv(ComputeDevice device, int inFeatures, int outFeatures, ulong seed)
    : GraphConv(device, inFeatures, outFeatures, rootWeight: false, seed)
{
    /// <inheritdoc />
    public override IReadOnlyList<ModelParameter> NamedParameters(string prefix) =>
        [new($"{prefix}lin.weight", Weight, IsWeight: true), new($"{prefix}bias", Bias)];
}
