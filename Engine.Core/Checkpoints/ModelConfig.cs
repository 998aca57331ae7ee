using ClusterGcn.Engine.Core.Datasets;
using ClusterGcn.Engine.Core.Models;

namespace ClusterGcn.Engine.Core.Checkpoints;

/// <summary>Everything needed to use a trained model besides its weights: the model's shape (architecture, sizes,
/// dropout, residual, multi-label, GCN normalisation and λ), the feature preprocessing its inputs need, and where
/// the weights came from. Saved as the JSON half of a <see cref="Checkpoint"/>.</summary>
/// <param name="Model">The architecture and sizes, as <see cref="GnnModel"/> is built from them.</param>
/// <param name="FeaturePreprocessing">What was done to the dataset's features before training, so that evaluation and
/// prediction open the dataset the same way.</param>
/// <param name="Training">Where the weights came from, or null.</param>
public sealed record ModelConfig(ModelSpec Model, FeaturePreprocessing FeaturePreprocessing = FeaturePreprocessing.None, TrainingInfo? Training = null)
{
    /// <summary>The architecture as the CLI and the JSON spell it: <c>sage</c>, <c>gcn</c> or <c>mlp</c>.</summary>
    public string ArchitectureName => Model.Architecture.ToString().ToLowerInvariant();

    /// <summary>A short description for messages: <c>2-layer sage (602 → 128 → 41)</c>.</summary>
    public string Summary =>
        $"{Model.Layers}-layer {ArchitectureName} ({string.Join(" → ", Enumerable.Range(0, Model.Layers).Select(Model.LayerInput).Append(Model.Classes))})";

    /// <summary>Checks every field.</summary>
    /// <exception cref="ArgumentException">A size or probability out of range, or an undefined enum value (one line).</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Model);
        Model.Validate();
        if (!Enum.IsDefined(Model.Architecture)) throw new ArgumentException($"model: unknown architecture {Model.Architecture}.", nameof(Model));
        if (!Enum.IsDefined(Model.Normalization)) throw new ArgumentException($"model: unknown normalization {Model.Normalization}.", nameof(Model));
        if (!Enum.IsDefined(FeaturePreprocessing))
            throw new ArgumentException($"model: unknown feature preprocessing {FeaturePreprocessing}.", nameof(FeaturePreprocessing));
    }

    /// <summary>The parameters of this model as PyTorch Geometric names and shapes them, in layer order, so that a
    /// PyG model holding its convolutions in a <c>ModuleList</c> named <c>convs</c> loads a checkpoint with
    /// <c>load_state_dict</c>: SAGE layers have <c>convs.i.lin_l.weight</c> [out, in], <c>convs.i.lin_l.bias</c> [out]
    /// and <c>convs.i.lin_r.weight</c> [out, in]; GCN layers have <c>convs.i.lin.weight</c> [out, in] and
    /// <c>convs.i.bias</c> [out]; MLP layers (PyG's <c>MLP</c>, a <c>ModuleList</c> named <c>lins</c>) have
    /// <c>lins.i.weight</c> [out, in] and <c>lins.i.bias</c> [out]; with layer norm, <c>norms.i.weight</c> and
    /// <c>norms.i.bias</c> [hidden] follow for every hidden layer. Weights are [out, in], as <c>torch.nn.Linear</c> stores them (the transpose of
    /// <see cref="GnnModel"/>'s [in, out]).</summary>
    /// <remarks>Known without building a model on a device, so a file can be checked before anything is allocated;
    /// a test holds it to <see cref="GnnModel.Parameters"/>.</remarks>
    public IReadOnlyList<(string Name, int[] Shape)> Parameters()
    {
        var parameters = new List<(string, int[])>();
        for (int layer = 0; layer < Model.Layers; layer++)
        {
            int input = Model.LayerInput(layer), output = Model.LayerOutput(layer);
            string prefix = Model.LayerPrefix(layer);
            if (Model.Architecture == GnnArchitecture.Mlp)
            {
                parameters.Add((prefix + "weight", [output, input]));
                parameters.Add((prefix + "bias", [output]));
            }
            else if (Model.Architecture == GnnArchitecture.Sage)
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
        if (Model.LayerNorm)
            for (int layer = 0; layer < Model.Layers - 1; layer++)
            {
                parameters.Add(($"norms.{layer}.weight", [Model.LayerOutput(layer)]));
                parameters.Add(($"norms.{layer}.bias", [Model.LayerOutput(layer)]));
            }
        return parameters;
    }
}
