namespace ClusterGcn.Engine.Core.Models;

/// <summary>The shape of a <see cref="GnnModel"/>: everything needed to rebuild it, apart from its weights.</summary>
/// <param name="Architecture">SAGE, GCN or MLP layers.</param>
/// <param name="InputFeatures">Feature width F of the dataset.</param>
/// <param name="Hidden">Width of every hidden layer.</param>
/// <param name="Classes">Output width C.</param>
/// <param name="Layers">Number of graph convolutions (≥ 1).</param>
/// <param name="Dropout">Dropout probability applied to the input of every layer while training.</param>
/// <param name="Residual">Adds each hidden layer's input to its output where the widths match.</param>
/// <param name="MultiLabel">Sigmoid + binary cross-entropy over C independent labels instead of softmax + NLL.</param>
/// <param name="Normalization">GCN only: the adjacency normalisation.</param>
/// <param name="DiagonalLambda">GCN with <see cref="GcnNormalization.DiagonalEnhancement"/> only: λ.</param>
/// <param name="LayerNorm">Normalises every hidden layer's output (<see cref="Models.LayerNorm"/>) before its ReLU.</param>
public sealed record ModelSpec(
    GnnArchitecture Architecture, int InputFeatures, int Hidden, int Classes, int Layers = 2, float Dropout = 0.5f,
    bool Residual = false, bool MultiLabel = false, GcnNormalization Normalization = GcnNormalization.Symmetric,
    float DiagonalLambda = 0f, bool LayerNorm = false)
{
    /// <summary>Input width of layer <paramref name="layer"/>.</summary>
    public int LayerInput(int layer) => layer == 0 ? InputFeatures : Hidden;

    /// <summary>Output width of layer <paramref name="layer"/>.</summary>
    public int LayerOutput(int layer) => layer == Layers - 1 ? Classes : Hidden;

    /// <summary>Whether the model aggregates with a weighted adjacency (self-loops and values) rather than the plain mean.</summary>
    public bool WeightedAdjacency => Architecture == GnnArchitecture.Mlp || (Architecture == GnnArchitecture.Gcn && Normalization != GcnNormalization.Mean);

    /// <summary>The prefix of layer <paramref name="layer"/>'s parameter names, as PyTorch Geometric's models hold
    /// their layers: <c>convs.i.</c> for graph convolutions, <c>lins.i.</c> for an MLP's linear layers.</summary>
    public string LayerPrefix(int layer) => Architecture == GnnArchitecture.Mlp ? $"lins.{layer}." : $"convs.{layer}.";

    /// <summary>Throws a one-line <see cref="ArgumentException"/> for a size or probability out of range.</summary>
    public void Validate()
    {
        if (InputFeatures < 1) throw new ArgumentException($"model: input features {InputFeatures} must be ≥ 1.", nameof(InputFeatures));
        if (Hidden < 1) throw new ArgumentException($"model: hidden width {Hidden} must be ≥ 1.", nameof(Hidden));
        if (Classes < 1) throw new ArgumentException($"model: classes {Classes} must be ≥ 1.", nameof(Classes));
        if (Layers < 1) throw new ArgumentException($"model: layers {Layers} must be ≥ 1.", nameof(Layers));
        if (!(Dropout >= 0 && Dropout < 1)) throw new ArgumentException($"model: dropout {Dropout} must be in [0, 1).", nameof(Dropout));
        if (!(DiagonalLambda >= 0 && float.IsFinite(DiagonalLambda)))
            throw new ArgumentException($"model: diagonal λ {DiagonalLambda} must be finite and ≥ 0.", nameof(DiagonalLambda));
    }
}
