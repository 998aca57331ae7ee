using System.Globalization;
using System.IO.Compression;
using System.Text;
using ClusterGcn.Engine.Core.Datasets;

namespace ClusterGcn.Engine.Tests.Serving;

/// <summary>Writes a single-label in-memory dataset in the plain-text layout of <c>../shared/datasets</c>
/// (<c>edges.tsv.gz</c> with u &lt; v once per edge, <c>features_dense.tsv.gz</c> with round-trip floats, <c>labels.txt</c>,
/// <c>train.txt</c>/<c>val.txt</c>/<c>test.txt</c>), so the CLI can read back exactly the same graph and features.</summary>
internal static class PlainTextDataset
{
    public static void Write(NodeDataset dataset, string dir)
    {
        Directory.CreateDirectory(dir);
        var edges = new StringBuilder();
        for (int u = 0; u < dataset.NodeCount; u++)
            foreach (int v in dataset.Neighbors(u))
                if (u < v) edges.Append(CultureInfo.InvariantCulture, $"{u}\t{v}\n");
        Gzip(Path.Combine(dir, "edges.tsv.gz"), edges.ToString());

        var features = new StringBuilder();
        for (int u = 0; u < dataset.NodeCount; u++)
            features.AppendJoin('\t', dataset.FeatureRow(u).ToArray().Select(x => x.ToString("R", CultureInfo.InvariantCulture))).Append('\n');
        Gzip(Path.Combine(dir, "features_dense.tsv.gz"), features.ToString());

        File.WriteAllLines(Path.Combine(dir, "labels.txt"), dataset.Labels.Classes!.Span.ToArray().Select(c => c.ToString(CultureInfo.InvariantCulture)));
        File.WriteAllLines(Path.Combine(dir, "train.txt"), NodeSplit.Nodes(dataset.Split.Train).Select(u => u.ToString(CultureInfo.InvariantCulture)));
        File.WriteAllLines(Path.Combine(dir, "val.txt"), NodeSplit.Nodes(dataset.Split.Validation).Select(u => u.ToString(CultureInfo.InvariantCulture)));
        File.WriteAllLines(Path.Combine(dir, "test.txt"), NodeSplit.Nodes(dataset.Split.Test).Select(u => u.ToString(CultureInfo.InvariantCulture)));
    }

    private static void Gzip(string path, string text)
    {
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        gzip.Write(Encoding.ASCII.GetBytes(text));
    }
}
