namespace ClusterGcn.Engine.Core.Models;

/// <summary>The graph convolution a model stacks.</summary>
public enum GnnArchitecture
{
    /// <summary>GraphSAGE with mean aggregation (<see cref="SageConv"/>).</summary>
    Sage,

    /// <summary>GCN over a normalised adjacency (<see cref="GcnConv"/>).</summary>
    Gcn,
}
