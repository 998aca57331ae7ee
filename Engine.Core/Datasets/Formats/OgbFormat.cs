using ClusterGcn.Engine.Core.Datasets.Building;

namespace ClusterGcn.Engine.Core.Datasets.Formats;

/// <summary>OGB's raw node-property layout: <c>raw/edge.csv.gz</c> (<c>u,v</c> per line), <c>raw/node-feat.csv.gz</c>
/// (one row of F numbers per node), <c>raw/node-label.csv.gz</c> (one class per node, <c>nan</c> = unlabeled, or C
/// 0/1 columns for multi-label data), optional <c>raw/num-node-list.csv.gz</c> (N), and
/// <c>split/&lt;name&gt;/{train,valid,test}.csv.gz</c> (node ids; the first split directory by name is used).</summary>
internal sealed class OgbFormat(string path) : DatasetFormat(path)
{
    /// <inheritdoc/>
    public override string Description => "OGB raw";

    /// <summary>Whether <paramref name="directory"/> holds this layout.</summary>
    public static bool Holds(string directory) => File.Exists(System.IO.Path.Combine(directory, "raw", "edge.csv.gz"));

    /// <inheritdoc/>
    public override IReadOnlyList<string> SourceFiles(DatasetOptions options)
    {
        var files = new List<string> { In("raw/edge.csv.gz"), In("raw/node-feat.csv.gz"), In("raw/node-label.csv.gz") };
        if (File.Exists(In("raw/num-node-list.csv.gz"))) files.Add(In("raw/num-node-list.csv.gz"));
        var split = SplitFiles();
        files.AddRange([split.Train, split.Validation, split.Test]);
        return files;
    }

    /// <inheritdoc/>
    public override DatasetParts Read(DatasetOptions options)
    {
        if (options.SplitIndex != 0) throw new ArgumentException($"{Path}: has one split, so split {options.SplitIndex} does not exist.", nameof(options));
        var (features, rows, width) = TextArrays.DenseRows(In("raw/node-feat.csv.gz"), null);
        string countFile = File.Exists(In("raw/num-node-list.csv.gz")) ? In("raw/num-node-list.csv.gz") : In("raw/node-feat.csv.gz");
        int nodeCount = countFile == In("raw/node-feat.csv.gz") ? rows : ReadNodeCount(countFile);
        var edges = TextArrays.Edges(In("raw/edge.csv.gz"), nodeCount);
        var labels = ReadLabels(In("raw/node-label.csv.gz"));
        var split = SplitFiles();
        var masks = new NodeSplit(TextArrays.Mask(split.Train, nodeCount), TextArrays.Mask(split.Validation, nodeCount), TextArrays.Mask(split.Test, nodeCount));
        return new DatasetParts(Name, nodeCount, countFile, edges, HostArray<float>.Wrap(features), width, In("raw/node-feat.csv.gz"),
            labels, In("raw/node-label.csv.gz"), masks, split);
    }

    private string In(string name) => System.IO.Path.Combine(Path, name);

    private (string Train, string Validation, string Test) SplitFiles()
    {
        string root = In("split");
        string? first = Directory.Exists(root) ? Directory.GetDirectories(root).Order(StringComparer.Ordinal).FirstOrDefault() : null;
        if (first is null) throw new FileNotFoundException($"{root}: no split directory (expected split/<name>/train.csv.gz).");
        return (System.IO.Path.Combine(first, "train.csv.gz"), System.IO.Path.Combine(first, "valid.csv.gz"), System.IO.Path.Combine(first, "test.csv.gz"));
    }

    private static int ReadNodeCount(string path)
    {
        using var lines = TextLines.Open(path);
        if (!lines.Next()) throw new InvalidDataException($"{path}: empty; expected the node count.");
        long count = lines.Long(lines.Fields(1)[0]);
        return count is >= 0 and <= int.MaxValue ? (int)count : throw lines.Error($"node count {count} is outside [0, 2³¹).");
    }

    private static NodeLabels ReadLabels(string path)
    {
        var classes = new List<int>();
        var multiHot = new List<byte>();
        int width = 0;
        using var lines = TextLines.Open(path);
        while (lines.Next())
        {
            var fields = width == 0 ? lines.Fields() : lines.Fields(width);
            width = fields.Length;
            if (width == 1)
            {
                long label = fields[0].Equals("nan", StringComparison.OrdinalIgnoreCase) ? -1 : lines.Long(fields[0]);
                classes.Add(label is >= -1 and <= int.MaxValue ? (int)label : throw lines.Error($"label {label} is neither a class id nor unlabeled."));
            }
            else
                foreach (string field in fields)
                {
                    long bit = lines.Long(field);
                    multiHot.Add(bit is 0 or 1 ? (byte)bit : throw lines.Error($"multi-label entry {bit} is not 0 or 1."));
                }
        }
        return width > 1
            ? NodeLabels.Multi(HostArray<byte>.Wrap([.. multiHot]), width)
            : NodeLabels.Single(HostArray<int>.Wrap([.. classes]), classes.Count == 0 ? 0 : classes.Max() + 1);
    }
}
