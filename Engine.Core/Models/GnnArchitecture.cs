namespace ClusterGcn.Engine.Core.Models;

/// <summary>The graph convolution a model stacks.</summary>
public enum GnnArchitecture
{
    /// <summary>GraphSAGE with mean aggregation (<see cref="SageConv"/>).</summary>
    Sage,

    /// <summary>GCN over a normalised adjacency (<see cref="GcnConv"/>).</summary>
    Gcn,

    /// <summary>A multilayer perceptron on each node's own features (<see cref="LinearLayer"/>): the baseline that
    /// shows what the graph adds. It runs through the same batches and inference with Â = I.</summary>
    Mlp,
}
