using ClusterGcn.Engine.Core.Autograd;
using ClusterGcn.Engine.Core.Devices;
using ClusterGcn.Engine.Core.Tensors;
using ClusterGcn.Engine.Kernels;
using ClusterGcn.Engine.Kernels.Sparse;
using ClusterGcn.Engine.Partitioning.Randomness;

namespace ClusterGcn.Engine.Core.Models;

/// <summary>The form both convolutions share: out = Â·x·W + x·W_root + b, where Â is the batch adjacency (the plain
/// neighbour mean when it carries no values, a weighted SpMM when it does) and the root term is optional.</summary>
/// <remarks>Â·x·W is computed as (Â·x)·W or Â·(x·W), whichever aggregates the narrower matrix: the products are equal,
/// and aggregation costs E times the width it aggregates. Weights start Glorot-uniform from a seed, biases at zero.</remarks>
public abstract class GraphConv : IDisposable
{
    private readonly Tensor[] parameters;

    /// <summary>Creates the parameters on <paramref name="device"/>, outside any scope.</summary>
    protected GraphConv(ComputeDevice device, int inFeatures, int outFeatures, bool rootWeight, ulong seed)
    {
        (InFeatures, OutFeatures) = (inFeatures, outFeatures);
        Weight = Glorot(device, inFeatures, outFeatures, SplitMix64.Derive(seed, 0));
        RootWeight = rootWeight ? Glorot(device, inFeatures, outFeatures, SplitMix64.Derive(seed, 1)) : null;
        Bias = device.Zeros(1, outFeatures, requiresGrad: true);
        parameters = RootWeight is null ? [Weight, Bias] : [Weight, Bias, RootWeight];
    }

    /// <summary>Input width.</summary>
    public int InFeatures { get; }

    /// <summary>Output width.</summary>
    public int OutFeatures { get; }

    /// <summary>W, [in, out]: applied to the aggregated neighbourhood.</summary>
    public Tensor Weight { get; }

    /// <summary>W_root, [in, out]: applied to the node's own input; null when the layer has none.</summary>
    public Tensor? RootWeight { get; }

    /// <summary>b, [1, out].</summary>
    public Tensor Bias { get; }

    /// <summary>The parameters with their PyTorch Geometric names under <paramref name="prefix"/> (e.g. "convs.0.").</summary>
    public abstract IReadOnlyList<ModelParameter> NamedParameters(string prefix);

    /// <summary>The layer's output for the nodes of <paramref name="adjacency"/>'s rows, x holding one row per column.</summary>
    public Tensor Forward(DeviceCsr adjacency, Tensor x) =>
        Combine(OutFeatures < InFeatures ? Aggregate(adjacency, Project(x)) : Project(Aggregate(adjacency, x)), x);

    /// <summary>x·W: the projection that is aggregated (layer-wise inference projects every node before aggregating).</summary>
    internal Tensor Project(Tensor x) => Ops.MatMul(x, Weight);

    /// <summary>Â·x: a plain mean over the row's entries, or their weighted sum when the adjacency carries values.</summary>
    internal static Tensor Aggregate(DeviceCsr adjacency, Tensor x) =>
        adjacency.HasValues ? Ops.Spmm(adjacency, x) : Ops.MeanAggregate(adjacency, x);

    /// <summary>aggregated + x·W_root + b, for the rows of x.</summary>
    internal Tensor Combine(Tensor aggregated, Tensor x) =>
        Ops.AddBias(RootWeight is null ? aggregated : Ops.Add(aggregated, Ops.MatMul(x, RootWeight)), Bias);

    /// <summary>Releases the parameters and their gradients.</summary>
    public void Dispose()
    {
        foreach (var p in parameters) p.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>U(−a, a) with a = √(6 / (in + out)), the scale that keeps activations' variance across layers.</summary>
    private static Tensor Glorot(ComputeDevice device, int rows, int cols, ulong seed)
    {
        float limit = MathF.Sqrt(6f / (rows + cols));
        var values = new float[rows * cols];
        for (int i = 0; i < values.Length; i++) values[i] = (2 * SplitMix64.UniformAt(seed, i) - 1) * limit;
        return device.FromHost(values, rows, cols, requiresGrad: true);
    }
}
