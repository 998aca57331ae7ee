using System.Globalization;
using System.IO.Compression;
using System.Text;
using ClusterGcn.Engine.Core.Datasets;

namespace ClusterGcn.Engine.Tests.Training;

/// <summary>Writes an in-memory single-label dataset in the plain-text layout of <c>../shared/datasets</c> (edges
/// u &lt; v once, dense features, labels, one split), so that CLI tests read it through <see cref="DatasetReader"/>.</summary>
internal static class PlainTextWriter
{
    public static void Write(NodeDataset dataset, string directory, bool withSplit = true, bool withValidation = true)
    {
        Directory.CreateDirectory(directory);
        var edges = new StringBuilder();
        for (int u = 0; u < dataset.NodeCount; u++)
            foreach (int v in dataset.Neighbors(u))
                if (u < v) edges.Append(CultureInfo.InvariantCulture, $"{u}\t{v}\n");
        Gzip(Path.Combine(directory, "edges.tsv.gz"), edges.ToString());

        var features = new StringBuilder();
        for (int u = 0; u < dataset.NodeCount; u++)
            features.AppendJoin('\t', dataset.FeatureRow(u).ToArray().Select(x => x.ToString("R", CultureInfo.InvariantCulture))).Append('\n');
        Gzip(Path.Combine(directory, "features_dense.tsv.gz"), features.ToString());

        File.WriteAllLines(Path.Combine(directory, "labels.txt"), dataset.Labels.Classes!.Span.ToArray().Select(c => c.ToString(CultureInfo.InvariantCulture)));
        if (!withSplit) return;
        File.WriteAllLines(Path.Combine(directory, "train.txt"), Ids(dataset.Split.Train));
        File.WriteAllLines(Path.Combine(directory, "val.txt"), withValidation ? Ids(dataset.Split.Validation) : []);
        File.WriteAllLines(Path.Combine(directory, "test.txt"), Ids(dataset.Split.Test));
    }

    private static IEnumerable<string> Ids(HostArray<byte> mask) => NodeSplit.Nodes(mask).Select(u => u.ToString(CultureInfo.InvariantCulture));

    private static void Gzip(string path, string text)
    {
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        gzip.Write(Encoding.ASCII.GetBytes(text));
    }
}
