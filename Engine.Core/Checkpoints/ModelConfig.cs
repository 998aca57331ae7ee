namespace ClusterGcn.Engine.Core.Checkpoints;

/// <summary>Everything needed to rebuild a trained model around its weights: the architecture and its sizes, the
/// options that change what the forward pass computes, the feature preprocessing the inputs need, and where the
/// weights came from. Saved as the JSON half of a <see cref="Checkpoint"/>.</summary>
/// <param name="Architecture">The convolution every layer uses.</param>
/// <param name="InputFeatures">F, the width of the input features.</param>
/// <param name="Hidden">H, the width of every hidden layer.</param>
/// <param name="Classes">C, the width of the output (classes, or labels of a multi-label model).</param>
/// <param name="Layers">Number of graph convolutions, at least 1.</param>
/// <param name="Dropout">Dropout probability of the hidden activations during training (prediction does not drop).</param>
/// <param name="Residual">Whether each layer whose input and output widths match adds its input to its output (no parameters).</param>
/// <param name="MultiLabel">Sigmoid outputs with binary cross-entropy (micro-F1) instead of softmax (accuracy).</param>
/// <param name="GcnNormalization">The adjacency normalisation of a GCN model (ignored by SAGE).</param>
/// <param name="DiagonalLambda">λ of <see cref="GcnNormalization.MeanWithSelfLoops"/>'s diagonal enhancement, ≥ 0.</param>
/// <param name="FeaturePreprocessing">How the dataset's features were preprocessed before training, so that prediction
/// applies the same: <c>none</c>, <c>rownorm</c> (rows scaled to sum 1) or <c>standardize</c> (train-node statistics).</param>
/// <param name="Training">Where the weights came from, or null.</param>
public sealed record ModelConfig(
    ModelArchitecture Architecture,
    int InputFeatures,
    int Hidden,
    int Classes,
    int Layers,
    double Dropout = 0.5,
    bool Residual = false,
    bool MultiLabel = false,
    GcnNormalization GcnNormalization = GcnNormalization.MeanWithSelfLoops,
    double DiagonalLambda = 0,
    string FeaturePreprocessing = "none",
    TrainingInfo? Training = null)
{
    /// <summary>The values <see cref="FeaturePreprocessing"/> may take.</summary>
    public static IReadOnlyList<string> Preprocessings { get; } = ["none", "rownorm", "standardize"];

    /// <summary>The architecture as the CLI and the JSON spell it: <c>sage</c> or <c>gcn</c>.</summary>
    public string ArchitectureName => Architecture.ToString().ToLowerInvariant();

    /// <summary>A short description for messages: <c>2-layer sage (602 → 128 → 41)</c>.</summary>
    public string Summary =>
        $"{Layers}-layer {ArchitectureName} ({string.Join(" → ", Enumerable.Range(0, Layers).Select(InputWidth).Append(Classes))})";

    /// <summary>The input width of <paramref name="layer"/>: F for the first, H after it.</summary>
    public int InputWidth(int layer) => layer == 0 ? InputFeatures : Hidden;

    /// <summary>The output width of <paramref name="layer"/>: C for the last, H before it.</summary>
    public int OutputWidth(int layer) => layer == Layers - 1 ? Classes : Hidden;

    /// <summary>Checks every field.</summary>
    /// <exception cref="ArgumentException">A size below 1, a probability outside [0, 1), a negative λ, an unknown
    /// architecture, normalisation or preprocessing (one line naming the field).</exception>
    public void Validate()
    {
        static void Check(bool ok, string problem)
        {
            if (!ok) throw new ArgumentException($"model config: {problem}");
        }
        Check(Enum.IsDefined(Architecture), $"unknown architecture {Architecture}.");
        Check(InputFeatures >= 1, $"inputFeatures {InputFeatures} is below 1.");
        Check(Hidden >= 1, $"hidden {Hidden} is below 1.");
        Check(Classes >= 1, $"classes {Classes} is below 1.");
        Check(Layers >= 1, $"layers {Layers} is below 1.");
        Check(Dropout is >= 0 and < 1, $"dropout {Dropout} is outside [0, 1).");
        Check(Enum.IsDefined(GcnNormalization), $"unknown gcnNormalization {GcnNormalization}.");
        Check(DiagonalLambda >= 0 && double.IsFinite(DiagonalLambda), $"diagonalLambda {DiagonalLambda} is not a finite number ≥ 0.");
        Check(Preprocessings.Contains(FeaturePreprocessing),
            $"featurePreprocessing '{FeaturePreprocessing}' is not one of {string.Join(", ", Preprocessings)}.");
    }

    /// <summary>The parameters of this model as PyTorch Geometric names and shapes them, in layer order, so that a
    /// PyG model holding its convolutions in a <c>ModuleList</c> named <c>convs</c> loads a checkpoint with
    /// <c>load_state_dict</c>: SAGE layers have <c>convs.i.lin_l.weight</c> [out, in], <c>convs.i.lin_l.bias</c> [out]
    /// and <c>convs.i.lin_r.weight</c> [out, in]; GCN layers have <c>convs.i.lin.weight</c> [out, in] and
    /// <c>convs.i.bias</c> [out]. Weights are [out, in], as <c>torch.nn.Linear</c> stores them.</summary>
    public IReadOnlyList<(string Name, int[] Shape)> Parameters()
    {
        var parameters = new List<(string, int[])>();
        for (int layer = 0; layer < Layers; layer++)
        {
            int input = InputWidth(layer), output = OutputWidth(layer);
            string prefix = $"convs.{layer}.";
            if (Architecture == ModelArchitecture.Sage)
            {
                parameters.Add((prefix + "lin_l.weight", [output, input]));
                parameters.Add((prefix + "lin_l.bias", [output]));
                parameters.Add((prefix + "lin_r.weight", [output, input]));
            }
            else
            {
                parameters.Add((prefix + "lin.weight", [output, input]));
                parameters.Add((prefix + "bias", [output]));
            }
        }
        return parameters;
    }
}
