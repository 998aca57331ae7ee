using ClusterGcn.Engine.Core.Autograd;
using ClusterGcn.Engine.Core.Devices;
using ClusterGcn.Engine.Core.Tensors;
using ClusterGcn.Engine.Kernels.Sparse;
using ClusterGcn.Engine.Partitioning.Randomness;

namespace ClusterGcn.Engine.Core.Models;

/// <summary>A stack of graph convolutions: for each layer, dropout on its input (training only), the convolution,
/// then, except after the last, (optionally) layer norm, ReLU and (optionally) a residual connection from the layer's
/// input.</summary>
/// <remarks>
/// <code>
/// h₀ = x                                   x: [N, F], never requires a gradient
/// oₗ = conv_l(Â, dropout(hₗ))               [N, widths(l)]
/// hₗ₊₁ = relu(norm_l(oₗ)) (+ hₗ when residual and the widths match), or oₗ for the last layer: the logits [N, C]
/// </code>
/// Parameters are created on the device from a seed, outside any scope; the model owns and disposes them.
/// </remarks>
public sealed class GnnModel : IDisposable
{
    private readonly GraphConv[] layers;
    private readonly LayerNorm[] norms;

    /// <summary>Creates the layers of <paramref name="spec"/> on <paramref name="device"/>, initialised from <paramref name="seed"/>.</summary>
    /// <exception cref="ArgumentException">The spec is out of range.</exception>
    public GnnModel(ComputeDevice device, ModelSpec spec, ulong seed)
    {
        spec.Validate();
        (Device, Spec) = (device, spec);
        layers = new GraphConv[spec.Layers];
        for (int l = 0; l < spec.Layers; l++)
        {
            ulong layerSeed = SplitMix64.Derive(seed, (ulong)l);
            int inputs = spec.LayerInput(l), outputs = spec.LayerOutput(l);
            layers[l] = spec.Architecture switch
            {
                GnnArchitecture.Sage => new SageConv(device, inputs, outputs, layerSeed),
                GnnArchitecture.Gcn => new GcnConv(device, inputs, outputs, layerSeed),
                _ => new LinearLayer(device, inputs, outputs, layerSeed),
            };
        }
        norms = spec.LayerNorm ? [.. Enumerable.Range(0, spec.Layers - 1).Select(l => new LayerNorm(device, spec.LayerOutput(l)))] : [];
        // PyTorch Geometric's BasicGNN order: every convolution, then every norm.
        Parameters = [.. layers.SelectMany((layer, l) => layer.NamedParameters(spec.LayerPrefix(l))),
            .. norms.SelectMany((norm, l) => norm.NamedParameters($"norms.{l}."))];
    }

    /// <summary>The device holding the parameters.</summary>
    public ComputeDevice Device { get; }

    /// <summary>The architecture and sizes.</summary>
    public ModelSpec Spec { get; }

    /// <summary>The convolutions, input first.</summary>
    public IReadOnlyList<GraphConv> Layers => layers;

    /// <summary>Every parameter with its PyTorch Geometric state-dict name, layer by layer.</summary>
    public IReadOnlyList<ModelParameter> Parameters { get; }

    /// <summary>The logits [rows of <paramref name="adjacency"/>, C] for input rows <paramref name="x"/> (one per column).</summary>
    /// <param name="adjacency">The batch adjacency, prepared by <see cref="HostAdjacency.Prepare"/> for this model.</param>
    /// <param name="x">Input features, [N, F].</param>
    /// <param name="training">Applies dropout when true.</param>
    /// <param name="dropoutSeed">Seed of this step's dropout masks (each layer derives its own).</param>
    public Tensor Forward(DeviceCsr adjacency, Tensor x, bool training, ulong dropoutSeed = 0)
    {
        var h = x;
        for (int l = 0; l < layers.Length; l++)
        {
            var input = Ops.Dropout(h, Spec.Dropout, SplitMix64.Derive(dropoutSeed, (ulong)l), training);
            h = FinishLayer(l, layers[l].Forward(adjacency, input), h);
        }
        return h;
    }

    /// <summary>What follows convolution <paramref name="layer"/>: nothing after the last; otherwise layer norm when
    /// on, ReLU, plus the layer's input <paramref name="input"/> when residual connections are on and the widths match.</summary>
    internal Tensor FinishLayer(int layer, Tensor output, Tensor input)
    {
        if (layer == layers.Length - 1) return output;
        var activated = Ops.Relu(norms.Length > 0 ? norms[layer].Forward(output) : output);
        return Spec.Residual && input.Cols == activated.Cols ? Ops.Add(activated, input) : activated;
    }

    /// <summary>Zeroes every parameter's gradient.</summary>
    public void ZeroGrad()
    {
        foreach (var p in Parameters) p.Value.ZeroGrad();
    }

    /// <summary>Copies every parameter to the host, in <see cref="Parameters"/> order (e.g. to keep the best weights).</summary>
    public float[][] Snapshot() => [.. Parameters.Select(p => p.Value.ToHost())];

    /// <summary>Overwrites every parameter with <paramref name="values"/>, as <see cref="Snapshot"/> returns them.</summary>
    /// <exception cref="ArgumentException">The count or a length does not match.</exception>
    public void Restore(IReadOnlyList<float[]> values)
    {
        if (values.Count != Parameters.Count)
            throw new ArgumentException($"model: {values.Count} tensors for {Parameters.Count} parameters.", nameof(values));
        for (int i = 0; i < values.Count; i++)
        {
            var p = Parameters[i];
            if (values[i].Length != p.Value.Length)
                throw new ArgumentException($"model: {p.Name} needs {p.Value.Length} values, got {values[i].Length}.", nameof(values));
            Kernels.DeviceBuffers.CopyFromHost(p.Value.View.Data, values[i]);
        }
    }

    /// <summary>Releases every parameter.</summary>
    public void Dispose()
    {
        foreach (var layer in layers) layer.Dispose();
        foreach (var norm in norms) norm.Dispose();
    }
}
