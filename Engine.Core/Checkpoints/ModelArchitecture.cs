namespace ClusterGcn.Engine.Core.Checkpoints;

/// <summary>The graph convolution a model stacks; its checkpoint uses PyTorch Geometric's parameter names for it.</summary>
public enum ModelArchitecture
{
    /// <summary>GraphSAGE (PyG <c>SAGEConv</c>, mean aggregation): out = W_l · mean_{j∈N(i)} x_j + b + W_r · x_i.</summary>
    Sage,

    /// <summary>GCN (PyG <c>GCNConv</c> with Cluster-GCN's normalisation): out = Â · X · W + b.</summary>
    Gcn,
}
