using ClusterGcn.Engine.Core.Datasets;

namespace ClusterGcn.Engine.Tests.Datasets;

public sealed class PlainTextFormatTests
{
    private static readonly DatasetOptions NoStore = new() { UseStore = false };

    [TestCase("cora", 2708, 5278, 1433, 7, 140, 500, 1000, 0, 49216)]
    [TestCase("citeseer", 3327, 4552, 3703, 6, 120, 500, 1000, 15, 105165)]
    public void Reads_the_counts_of_the_readme(string name, int nodes, int edges, int features, int classes,
        int train, int validation, int test, int unlabeled, int nonZeros)
    {
        using var data = DatasetReader.Open(SharedDatasets.Path(name), NoStore);
        Assert.Multiple(() =>
        {
            Assert.That(data.Name, Is.EqualTo(name));
            Assert.That(data.NodeCount, Is.EqualTo(nodes));
            Assert.That(data.EntryCount, Is.EqualTo(2L * edges), "both directions of every undirected edge");
            Assert.That(data.FeatureCount, Is.EqualTo(features));
            Assert.That(data.Labels.ClassCount, Is.EqualTo(classes));
            Assert.That(data.Labels.IsMultiLabel, Is.False);
            Assert.That(NodeSplit.Nodes(data.Split.Train), Has.Length.EqualTo(train));
            Assert.That(NodeSplit.Nodes(data.Split.Validation), Has.Length.EqualTo(validation));
            Assert.That(NodeSplit.Nodes(data.Split.Test), Has.Length.EqualTo(test));
            Assert.That(data.Labels.Classes!.Span.ToArray().Count(c => c == -1), Is.EqualTo(unlabeled));
            Assert.That(data.Features.Span.ToArray().Count(x => x != 0), Is.EqualTo(nonZeros));
        });
        GraphAssert.SymmetricSortedSimple(data);
    }

    [Test]
    public void Cora_has_the_planetoid_split_and_class_sizes()
    {
        using var data = DatasetReader.Open(SharedDatasets.Path("cora"), NoStore);
        Assert.That(NodeSplit.Nodes(data.Split.Train), Is.EqualTo(Enumerable.Range(0, 140)));
        Assert.That(NodeSplit.Nodes(data.Split.Validation), Is.EqualTo(Enumerable.Range(140, 500)));
        var sizes = data.Labels.Classes!.Span.ToArray().GroupBy(c => c).OrderBy(g => g.Key).Select(g => g.Count());
        Assert.That(sizes, Is.EqualTo(new[] { 351, 217, 418, 818, 426, 298, 180 }));
        int maxDegree = Enumerable.Range(0, data.NodeCount).Max(u => data.Neighbors(u).Length);
        Assert.That(maxDegree, Is.EqualTo(168), "README: maximum degree 168");
    }
}

public sealed class PlainTextLayoutTests
{
    [Test]
    public void Without_metadata_counts_come_from_the_files_and_edges_are_symmetrised_and_merged()
    {
        using var dir = new TempDirectory();
        dir.Text("edges.tsv.gz", "0\t1", "1\t0", "1\t2", "2\t2", "0\t1", "3\t1");
        dir.Text("features_dense.tsv.gz", "1\t2", "3\t4", "0.5\t-1", "0\t0");
        dir.Text("labels.txt", "0", "2", "-1", "1");
        dir.Text("splits/train_1.txt", "0");
        dir.Text("splits/val_1.txt", "1");
        dir.Text("splits/test_1.txt", "3", "3");
        using var data = DatasetReader.Open(dir.Path, new DatasetOptions { UseStore = false, SplitIndex = 1 });
        Assert.Multiple(() =>
        {
            Assert.That(data.NodeCount, Is.EqualTo(4));
            Assert.That(GraphAssert.Edges(data), Is.EquivalentTo(new[] { (0, 1), (1, 2), (1, 3) }), "self-loop dropped, repeats merged");
            Assert.That(data.RowPtr.Span.ToArray(), Is.EqualTo(new long[] { 0, 1, 4, 5, 6 }));
            Assert.That(data.FeatureCount, Is.EqualTo(2));
            Assert.That(data.FeatureRow(2).ToArray(), Is.EqualTo(new[] { 0.5f, -1f }));
            Assert.That(data.Labels.ClassCount, Is.EqualTo(3));
            Assert.That(data.Labels.Classes!.Span.ToArray(), Is.EqualTo(new[] { 0, 2, -1, 1 }));
            Assert.That(data.Split.Test.Span.ToArray(), Is.EqualTo(new byte[] { 0, 0, 0, 1 }));
        });
    }
}
