using System.Text.Json;
using ClusterGcn.Engine.Core.Datasets.Building;

namespace ClusterGcn.Engine.Core.Datasets.Formats;

/// <summary>The plain-text layout of the shared datasets: <c>edges.tsv.gz</c> (one undirected edge per line),
/// <c>features.tsv.gz</c> (sparse COO <c>node feature value</c>) or <c>features_dense.tsv.gz</c> (one row per line),
/// <c>labels.txt</c> (one class per line, −1 = unlabeled), <c>train.txt</c>/<c>val.txt</c>/<c>test.txt</c> or
/// <c>splits/{train,val,test}_k.txt</c> (node ids), and an optional <c>meta.json</c> with the counts.</summary>
/// <remarks>Without <c>meta.json</c>, N is the number of labels, F one more than the largest feature index and C one
/// more than the largest label. Without split files, every mask is empty.</remarks>
internal sealed class PlainTextFormat(string path) : DatasetFormat(path)
{
    private const string Edges = "edges.tsv.gz", SparseFeatures = "features.tsv.gz", DenseFeatures = "features_dense.tsv.gz",
        Labels = "labels.txt", Meta = "meta.json";

    /// <inheritdoc/>
    public override string Description => "plain-text";

    /// <summary>Whether <paramref name="directory"/> holds this layout.</summary>
    public static bool Holds(string directory) => File.Exists(System.IO.Path.Combine(directory, Edges)) && File.Exists(System.IO.Path.Combine(directory, Labels));

    /// <inheritdoc/>
    public override IReadOnlyList<string> SourceFiles(DatasetOptions options)
    {
        var files = new List<string> { In(Edges), FeaturesFile(), In(Labels) };
        if (File.Exists(In(Meta))) files.Add(In(Meta));
        if (SplitFiles(options) is { } split) files.AddRange([split.Train, split.Validation, split.Test]);
        return files;
    }

    /// <inheritdoc/>
    public override DatasetParts Read(DatasetOptions options)
    {
        var meta = ReadMeta();
        int[] labels = ReadLabels(out int maxLabel);
        int nodeCount = meta.Nodes ?? labels.Length;
        string nodeCountFile = In(meta.Nodes is null ? Labels : Meta);
        var edges = TextArrays.Edges(In(Edges), nodeCount);
        string featuresFile = FeaturesFile();
        var (features, featureCount) = featuresFile.EndsWith(SparseFeatures, StringComparison.Ordinal)
            ? ReadSparseFeatures(featuresFile, nodeCount, meta.Features)
            : ReadDenseFeatures(featuresFile, meta.Features);
        var split = SplitFiles(options);
        var masks = split is { } files
            ? new NodeSplit(TextArrays.Mask(files.Train, nodeCount), TextArrays.Mask(files.Validation, nodeCount), TextArrays.Mask(files.Test, nodeCount))
            : new NodeSplit(HostArray<byte>.Wrap(new byte[nodeCount]), HostArray<byte>.Wrap(new byte[nodeCount]), HostArray<byte>.Wrap(new byte[nodeCount]));
        string none = $"{Path} (no split files)";
        return new DatasetParts(Name, nodeCount, nodeCountFile, edges,
            HostArray<float>.Wrap(features), featureCount, featuresFile,
            NodeLabels.Single(HostArray<int>.Wrap(labels), meta.Classes ?? maxLabel + 1), In(Labels),
            masks, split ?? (none, none, none));
    }

    private string In(string name) => System.IO.Path.Combine(Path, name);

    private string FeaturesFile() => File.Exists(In(DenseFeatures)) ? In(DenseFeatures) : In(SparseFeatures);

    private (string Train, string Validation, string Test)? SplitFiles(DatasetOptions options)
    {
        if (File.Exists(In("train.txt")))
        {
            if (options.SplitIndex != 0)
                throw new ArgumentException($"{Path}: has one split (train.txt), so split {options.SplitIndex} does not exist.", nameof(options));
            return (In("train.txt"), In("val.txt"), In("test.txt"));
        }
        string k = options.SplitIndex.ToString(System.Globalization.CultureInfo.InvariantCulture);
        string splits = In("splits");
        if (Directory.Exists(splits))
            return (System.IO.Path.Combine(splits, $"train_{k}.txt"), System.IO.Path.Combine(splits, $"val_{k}.txt"), System.IO.Path.Combine(splits, $"test_{k}.txt"));
        return null;
    }

    private sealed record Counts(int? Nodes, int? Features, int? Classes);

    private Counts ReadMeta()
    {
        string path = In(Meta);
        if (!File.Exists(path)) return new Counts(null, null, null);
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = document.RootElement;
            int? Count(string name) => root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt32() : null;
            if (root.TryGetProperty("multilabel", out var multi) && multi.ValueKind == JsonValueKind.True)
                throw new InvalidDataException($"{path}: multi-label data in the plain-text layout is not supported (labels.txt holds one class per node).");
            return new Counts(Count("num_nodes"), Count("num_features"), Count("num_classes"));
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            throw new InvalidDataException($"{path}: not valid metadata JSON ({e.Message.ReplaceLineEndings(" ")})");
        }
    }

    private int[] ReadLabels(out int maxLabel)
    {
        var labels = new List<int>();
        maxLabel = -1;
        using var lines = TextLines.Open(In(Labels));
        while (lines.Next())
        {
            long label = lines.Long(lines.Fields(1)[0]);
            if (label < -1 || label > int.MaxValue) throw lines.Error($"label {label} is neither a class id nor −1 (unlabeled).");
            labels.Add((int)label);
            maxLabel = Math.Max(maxLabel, (int)label);
        }
        return [.. labels];
    }

    private static (float[] Features, int Count) ReadDenseFeatures(string path, int? featureCount)
    {
        var (values, _, width) = TextArrays.DenseRows(path, featureCount);
        return (values, width);
    }

    private static (float[] Features, int Count) ReadSparseFeatures(string path, int nodeCount, int? featureCount)
    {
        var entries = new List<(int Node, int Feature, float Value)>();
        int width = featureCount ?? 0;
        using (var lines = TextLines.Open(path))
        {
            while (lines.Next())
            {
                var fields = lines.Fields(3);
                int node = lines.Node(fields[0], nodeCount);
                long feature = lines.Long(fields[1]);
                if (feature < 0 || feature >= (featureCount ?? int.MaxValue))
                    throw lines.Error($"feature index {feature} is outside [0, {featureCount?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "2³¹"}).");
                entries.Add((node, (int)feature, lines.Float(fields[2])));
                if (featureCount is null) width = Math.Max(width, (int)feature + 1);
            }
        }
        var features = new float[checked((long)nodeCount * width)];
        foreach (var (node, feature, value) in entries) features[(long)node * width + feature] = value;
        return (features, width);
    }
}
