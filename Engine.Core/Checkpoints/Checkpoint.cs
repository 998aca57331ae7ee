using System.Text.Json;
using System.Text.Json.Serialization;
using ClusterGcn.Engine.Core.Datasets;
using ClusterGcn.Engine.Core.Models;
using ClusterGcn.Engine.Partitioning.IO;

namespace ClusterGcn.Engine.Core.Checkpoints;

/// <summary>A saved model: its weights in <c>&lt;model&gt;.safetensors</c> (PyTorch Geometric names, loadable with
/// <c>safetensors.torch.load_file</c> and <c>load_state_dict</c>) and its <see cref="ModelConfig"/> in
/// <c>&lt;model&gt;.json</c>, with the SHA-256 of the weights.</summary>
/// <remarks>Both files go to temporaries and are renamed into place weights first, config last: a crash during a save
/// leaves the previous checkpoint whole, and one between the two renames leaves a config whose checksum no longer
/// matches the weights, which <see cref="Load"/> reports instead of using. A config written by hand for weights
/// trained elsewhere may leave out the checksum.</remarks>
public sealed class Checkpoint
{
    /// <summary>Version of the JSON layout; another version is refused with a one-line error.</summary>
    public const int FormatVersion = 1;

    private const string FormatName = "cgcn-model";
    private const string WeightsExtension = ".safetensors";
    private const string ConfigExtension = ".json";

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
        IgnoreReadOnlyProperties = true, // computed properties (ModelSpec.WeightedAdjacency) are not part of the file
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    private readonly Dictionary<string, NamedTensor> tensors;

    private Checkpoint(ModelConfig config, Dictionary<string, NamedTensor> tensors) => (Config, this.tensors) = (config, tensors);

    /// <summary>The model's configuration.</summary>
    public ModelConfig Config { get; }

    /// <summary>The weights, in the order of <see cref="ModelConfig.Parameters"/>.</summary>
    public IReadOnlyList<NamedTensor> Tensors => [.. Config.Parameters().Select(p => tensors[p.Name])];

    /// <summary>The tensor named <paramref name="name"/> (<c>convs.0.lin_l.weight</c>).</summary>
    /// <exception cref="KeyNotFoundException">The model has no such parameter.</exception>
    public NamedTensor this[string name] => tensors.TryGetValue(name, out var tensor)
        ? tensor
        : throw new KeyNotFoundException($"a {Config.Summary} model has no parameter '{name}'.");

    /// <summary>The two files of the model <paramref name="model"/>: a path with or without the
    /// <c>.safetensors</c> or <c>.json</c> extension names the same pair.</summary>
    public static (string Weights, string Config) Files(string model)
    {
        string stem = Stem(model);
        return (stem + WeightsExtension, stem + ConfigExtension);
    }

    /// <summary><paramref name="model"/> without a <c>.safetensors</c> or <c>.json</c> extension: the name that files
    /// written beside the model (such as the training curve) extend.</summary>
    public static string Stem(string model)
    {
        ArgumentException.ThrowIfNullOrEmpty(model);
        return model.EndsWith(WeightsExtension, StringComparison.Ordinal) ? model[..^WeightsExtension.Length]
            : model.EndsWith(ConfigExtension, StringComparison.Ordinal) ? model[..^ConfigExtension.Length]
            : model;
    }

    /// <summary>Saves <paramref name="tensors"/> and <paramref name="config"/> as the model <paramref name="model"/>,
    /// atomically (see the remarks of <see cref="Checkpoint"/>), creating its directory if needed.</summary>
    /// <exception cref="ArgumentException">The config is invalid, or the tensors are not exactly its parameters
    /// (<see cref="ModelConfig.Parameters"/>) with their shapes.</exception>
    public static void Save(string model, ModelConfig config, IReadOnlyList<NamedTensor> tensors)
    {
        config.Validate();
        string? problem = Mismatch(config, tensors);
        if (problem is not null) throw new ArgumentException($"checkpoint {model}: {problem}", nameof(tensors));
        var (weightsPath, configPath) = Files(model);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(weightsPath))!); // --model-out runs/m with no runs/ yet
        string digest = "";
        AtomicWrite.Files(
            (weightsPath, stream => digest = SafeTensorsFile.Write(stream, tensors, new Dictionary<string, string> { ["format"] = "pt" })),
            // Runs after the weights are written, so the digest is theirs.
            (configPath, stream =>
            {
                JsonSerializer.Serialize(stream, new Manifest(FormatName, FormatVersion, config.Model, config.FeaturePreprocessing, config.Training, digest), Json);
                stream.WriteByte((byte)'\n');
            }));
    }

    /// <summary>Loads the model <paramref name="model"/> and checks that its weights are exactly the parameters its
    /// config describes, with their shapes, and match the recorded checksum.</summary>
    /// <exception cref="InvalidDataException">Either file is corrupt, of another format version, or the weights belong
    /// to another architecture or size (one line naming the file).</exception>
    /// <exception cref="FileNotFoundException">One of the two files is missing.</exception>
    public static Checkpoint Load(string model)
    {
        var (weightsPath, configPath) = Files(model);
        foreach (string path in new[] { configPath, weightsPath })
            if (!File.Exists(path))
                throw new FileNotFoundException($"{path}: no such file (a model is a pair NAME.json + NAME.safetensors).", path);

        var manifest = ReadManifest(configPath);
        var content = SafeTensorsFile.Read(weightsPath);
        var config = manifest.Config;
        string? problem = Mismatch(config, content.Tensors);
        if (problem is not null) throw new InvalidDataException($"{weightsPath}: {problem}");
        if (manifest.WeightsSha256 is { } expected && !string.Equals(expected, content.DataSha256, StringComparison.OrdinalIgnoreCase))
            throw new InvalidDataException($"{weightsPath}: the weights do not match the checksum in {Path.GetFileName(configPath)} (corrupt, or a save was interrupted).");
        return new Checkpoint(config, content.Tensors.ToDictionary(t => t.Name, StringComparer.Ordinal));
    }

    // The JSON layout: the config's fields at the top level beside the format, version and checksum.
    private sealed record Manifest(string Format, int Version, ModelSpec Model, FeaturePreprocessing FeaturePreprocessing = FeaturePreprocessing.None,
        TrainingInfo? Training = null, string? WeightsSha256 = null)
    {
        public ModelConfig Config => new(Model, FeaturePreprocessing, Training);
    }

    private static Manifest ReadManifest(string path)
    {
        Manifest? manifest;
        try
        {
            using var stream = File.OpenRead(path);
            using var document = JsonDocument.Parse(stream);
            var root = document.RootElement;
            // Format and version first, so that another file or layout gets that message rather than a field error.
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("format", out var format) || format.ValueKind != JsonValueKind.String
                || format.GetString() != FormatName)
                throw new InvalidDataException($"{path}: not a {FormatName} config (no \"format\": \"{FormatName}\").");
            if (!root.TryGetProperty("version", out var version) || version.ValueKind != JsonValueKind.Number || !version.TryGetInt32(out int number) || number != FormatVersion)
                throw new InvalidDataException($"{path}: format version {(version.ValueKind == JsonValueKind.Undefined ? "missing" : version.GetRawText())}; this build reads version {FormatVersion}.");
            manifest = root.Deserialize<Manifest>(Json);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException) // the latter: a string of invalid UTF-8, found when read
        {
            throw new InvalidDataException($"{path}: corrupt model config ({e.Message.ReplaceLineEndings(" ")})");
        }
        if (manifest is null) throw new InvalidDataException($"{path}: corrupt model config (null).");
        try
        {
            manifest.Config.Validate();
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}");
        }
        return manifest;
    }

    // The first way in which the tensors are not exactly the config's parameters, or null when they are.
    private static string? Mismatch(ModelConfig config, IReadOnlyList<NamedTensor> tensors)
    {
        var expected = config.Parameters();
        var byName = new Dictionary<string, NamedTensor>(StringComparer.Ordinal);
        foreach (var tensor in tensors)
            if (!byName.TryAdd(tensor.Name, tensor)) return $"two tensors are named '{tensor.Name}'.";
        string Found() => string.Join(", ", byName.Keys.Order(StringComparer.Ordinal).Take(6)) + (byName.Count > 6 ? ", ..." : "");
        foreach (var (name, shape) in expected)
        {
            if (!byName.TryGetValue(name, out var tensor))
                return $"no tensor '{name}', which a {config.Summary} model needs; found {Found()} (a model of another architecture?).";
            if (!tensor.Shape.SequenceEqual(shape))
                return $"tensor '{name}' has shape {tensor.ShapeText}, but a {config.Summary} model needs {NamedTensor.Describe(shape.Select(d => (long)d))}.";
        }
        if (byName.Count > expected.Count)
        {
            string extra = byName.Keys.Except(expected.Select(p => p.Name)).Order(StringComparer.Ordinal).First();
            return $"unexpected tensor '{extra}' for a {config.Summary} model (a model of another architecture?).";
        }
        return null;
    }
}
