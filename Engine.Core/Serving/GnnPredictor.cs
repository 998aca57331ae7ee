using ClusterGcn.Engine.Core.Checkpoints;
using ClusterGcn.Engine.Core.Datasets;
using ClusterGcn.Engine.Core.Devices;
using ClusterGcn.Engine.Core.Inference;
using ClusterGcn.Engine.Core.Models;

namespace ClusterGcn.Engine.Core.Serving;

/// <summary>A trained model and the graph it predicts on, for a service to embed: load once, then ask for the classes,
/// probabilities or embeddings of any nodes.</summary>
/// <remarks>
/// The first query runs layer-wise full-neighbourhood inference over the whole graph (the same computation as
/// <c>cgcn evaluate</c>) and keeps the logits on the host, N × C floats; every later query is a lookup. Embeddings are
/// the input of the output layer (the last hidden representation, after its ReLU and residual), N × H floats,
/// computed on first request. Queries may come from several threads; the inference runs once.
/// </remarks>
public sealed class GnnPredictor : IDisposable
{
    private readonly Checkpoint checkpoint;
    private readonly GnnModel model;
    private readonly bool ownsDatasetAndDevice;
    private readonly Lock gate = new();
    private float[]? logits;
    private float[]? embeddings;

    private GnnPredictor(Checkpoint checkpoint, NodeDataset dataset, ComputeDevice device, bool ownsDatasetAndDevice)
    {
        var spec = checkpoint.Config.Model;
        if (dataset.FeatureCount != spec.InputFeatures)
            throw new ArgumentException($"{dataset.Name}: {dataset.FeatureCount} features per node, but the model ({checkpoint.Config.Summary}) takes {spec.InputFeatures}.", nameof(dataset));
        (this.checkpoint, Dataset, Device, this.ownsDatasetAndDevice) = (checkpoint, dataset, device, ownsDatasetAndDevice);
        model = ModelWeights.Build(checkpoint, device);
    }

    /// <summary>The model's configuration.</summary>
    public ModelConfig Config => checkpoint.Config;

    /// <summary>The graph and features predictions are made on.</summary>
    public NodeDataset Dataset { get; }

    /// <summary>The device inference runs on.</summary>
    public ComputeDevice Device { get; }

    /// <summary>Loads the model <paramref name="model"/> (<c>NAME.json</c> + <c>NAME.safetensors</c>) and opens the
    /// dataset at <paramref name="dataset"/> with the feature preprocessing the model was trained with; the predictor
    /// owns both and the device.</summary>
    /// <param name="model">The model's path, with or without extension.</param>
    /// <param name="dataset">A dataset path any <see cref="DatasetReader"/> layout accepts.</param>
    /// <param name="device">A device kind of <see cref="ComputeDevice.Kinds"/>.</param>
    /// <param name="options">How to read the dataset (store, split); its preprocessing is replaced by the model's.</param>
    /// <exception cref="InvalidDataException">A corrupt model or dataset, or weights of another architecture (one line).</exception>
    /// <exception cref="ArgumentException">The dataset's feature width is not the model's.</exception>
    /// <exception cref="DeviceUnavailableException">No such device here.</exception>
    public static GnnPredictor Load(string model, string dataset, string device = "auto", DatasetOptions? options = null) =>
        Load(model, config => DatasetReader.Open(dataset, (options ?? DatasetOptions.Default) with { Preprocessing = config.FeaturePreprocessing }), device);

    /// <summary>Loads the model <paramref name="model"/>, opens the device, then the dataset through
    /// <paramref name="openDataset"/> (given the model's config, e.g. for its preprocessing); the predictor owns all three.</summary>
    public static GnnPredictor Load(string model, Func<ModelConfig, NodeDataset> openDataset, string device = "auto")
    {
        // The cheap checks first: a bad model or device fails before a large dataset is read.
        var checkpoint = Checkpoint.Load(model);
        var opened = ComputeDevice.Open(device);
        NodeDataset? data = null;
        try
        {
            data = openDataset(checkpoint.Config);
            return new GnnPredictor(checkpoint, data, opened, ownsDatasetAndDevice: true);
        }
        catch
        {
            data?.Dispose();
            opened.Dispose();
            throw;
        }
    }

    /// <summary>A predictor over a checkpoint already loaded and a dataset and device the caller keeps and disposes.</summary>
    /// <exception cref="ArgumentException">The dataset's feature width is not the model's.</exception>
    public static GnnPredictor Create(Checkpoint checkpoint, NodeDataset dataset, ComputeDevice device) =>
        new(checkpoint, dataset, device, ownsDatasetAndDevice: false);

    /// <summary>The most probable class and the probabilities of each of <paramref name="nodeIds"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A node id outside [0, N).</exception>
    public NodePredictions Predict(ReadOnlySpan<int> nodeIds)
    {
        int c = Config.Model.Classes;
        var all = Logits().Span;
        var classes = new int[nodeIds.Length];
        var probabilities = new float[nodeIds.Length * c];
        for (int i = 0; i < nodeIds.Length; i++)
        {
            var row = all.Slice(CheckedNode(nodeIds[i]) * c, c);
            var probability = probabilities.AsSpan(i * c, c);
            classes[i] = ArgMax(row);
            if (Config.Model.MultiLabel)
                for (int j = 0; j < c; j++) probability[j] = 1f / (1f + MathF.Exp(-row[j]));
            else
                Softmax(row, probability);
        }
        return new NodePredictions(c, classes, probabilities);
    }

    /// <summary>The embeddings of <paramref name="nodeIds"/>, row-major [nodes, H].</summary>
    /// <exception cref="InvalidOperationException">A one-layer model has no hidden layer.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A node id outside [0, N).</exception>
    public float[] Embed(ReadOnlySpan<int> nodeIds)
    {
        int h = Config.Model.Hidden;
        var all = Embeddings().Span;
        var result = new float[nodeIds.Length * h];
        for (int i = 0; i < nodeIds.Length; i++) all.Slice(CheckedNode(nodeIds[i]) * h, h).CopyTo(result.AsSpan(i * h));
        return result;
    }

    /// <summary>The logits of every node, row-major [N, C], computed on first use (shared: read-only).</summary>
    public ReadOnlyMemory<float> Logits()
    {
        lock (gate)
        {
            if (logits is null)
                using (var all = LayerwiseInference.Logits(model, Dataset)) logits = all.ToHost();
            return logits;
        }
    }

    /// <summary>The embeddings of every node, row-major [N, H], computed on first use (shared: read-only).</summary>
    /// <exception cref="InvalidOperationException">A one-layer model has no hidden layer.</exception>
    public ReadOnlyMemory<float> Embeddings()
    {
        if (Config.Model.Layers < 2) throw new InvalidOperationException($"a {Config.Summary} model has no hidden layer to take embeddings from.");
        lock (gate) return embeddings ??= HiddenInput(Config.Model.Layers - 1);
    }

    /// <summary>Accuracy (or micro-F1) on the train, validation and test nodes.</summary>
    /// <exception cref="ArgumentException">The dataset's labels do not fit the model (class count, single/multi-label).</exception>
    public NodeMetrics Evaluate()
    {
        var spec = Config.Model;
        var labels = Dataset.Labels;
        if (labels.ClassCount != spec.Classes || labels.IsMultiLabel != spec.MultiLabel)
            throw new ArgumentException($"{Dataset.Name}: {labels.ClassCount} {(labels.IsMultiLabel ? "labels (multi-label)" : "classes")}, but the model ({Config.Summary}) predicts {spec.Classes} {(spec.MultiLabel ? "labels (multi-label)" : "classes")}.");
        lock (gate)
        {
            using var evaluator = new Evaluator(model, Dataset);
            return evaluator.Evaluate();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        model.Dispose();
        if (!ownsDatasetAndDevice) return;
        Dataset.Dispose();
        Device.Dispose();
    }

    // The input of layer k ≥ 1 for every node: relu(output of layer k−1), plus the input of layer k−1 when residual
    // connections are on and the widths match, as GnnModel.FinishLayer computes it. The output of layer k−1 comes from
    // the model cut after k layers, whose last layer then has the hidden width and no activation.
    private float[] HiddenInput(int layer)
    {
        var spec = Config.Model;
        float[] hidden;
        using (var truncated = ModelWeights.Build(checkpoint, Device, spec with { Layers = layer, Classes = spec.Hidden }))
        using (var output = LayerwiseInference.Logits(truncated, Dataset))
            hidden = output.ToHost();
        for (int i = 0; i < hidden.Length; i++) hidden[i] = Math.Max(hidden[i], 0f);
        if (spec.Residual && spec.LayerInput(layer - 1) == spec.Hidden)
        {
            ReadOnlySpan<float> input = layer == 1 ? Dataset.Features.Span : HiddenInput(layer - 1);
            for (int i = 0; i < hidden.Length; i++) hidden[i] += input[i];
        }
        return hidden;
    }

    private int CheckedNode(int node) => (uint)node < (uint)Dataset.NodeCount
        ? node
        : throw new ArgumentOutOfRangeException(nameof(node), $"node {node} is outside [0, {Dataset.NodeCount}) of {Dataset.Name}.");

    private static int ArgMax(ReadOnlySpan<float> row)
    {
        int best = 0;
        for (int j = 1; j < row.Length; j++)
            if (row[j] > row[best]) best = j;
        return best;
    }

    private static void Softmax(ReadOnlySpan<float> row, Span<float> probability)
    {
        float max = float.NegativeInfinity;
        foreach (float v in row) max = Math.Max(max, v);
        float sum = 0;
        for (int j = 0; j < row.Length; j++) sum += probability[j] = MathF.Exp(row[j] - max);
        for (int j = 0; j < row.Length; j++) probability[j] /= sum;
    }
}
