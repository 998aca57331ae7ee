using System.IO.Compression;
using ClusterGcn.Engine.Core.Datasets;
using static ClusterGcn.Engine.Tests.Datasets.ArrayFiles;

namespace ClusterGcn.Engine.Tests.Datasets;

/// <summary>The array layouts: a directory of .npy files, an .npz archive, PyG's raw Reddit files, OGB's raw layout.
/// Each builds the same 5-node dataset: a path 0-1-2-3 plus the edge 1-4, given in both directions with a repeat and
/// a self-loop.</summary>
public sealed class ArrayFormatTests
{
    private static readonly DatasetOptions NoStore = new() { UseStore = false };
    private static readonly long[] Sources = [0, 1, 1, 2, 2, 3, 1, 4, 0, 3];
    private static readonly long[] Targets = [1, 0, 2, 1, 3, 2, 4, 1, 1, 3];
    private static readonly float[] X = [.. Enumerable.Range(0, 15).Select(i => i * 0.5f)];
    private static readonly long[] Y = [0, 1, 2, 1, 0];
    private static readonly bool[] Train = [true, true, false, false, false], Val = [false, false, true, false, false], Test = [false, false, false, true, true];

    private TempDirectory dir = null!;

    [SetUp]
    public void Create() => dir = new TempDirectory();

    [TearDown]
    public void Delete() => dir.Dispose();

    private static (string, byte[])[] Members() =>
    [
        ("edge_index", Npy([.. Sources, .. Targets], 2, Sources.Length)),
        ("x", Npy(X, 5, 3)),
        ("y", Npy(Y)),
        ("train_mask", Npy(Train)),
        ("val_mask", Npy(Val)),
        ("test_mask", Npy(Test)),
    ];

    private static void AssertTheDataset(NodeDataset data)
    {
        Assert.Multiple(() =>
        {
            Assert.That(data.NodeCount, Is.EqualTo(5));
            Assert.That(GraphAssert.Edges(data), Is.EquivalentTo(new[] { (0, 1), (1, 2), (2, 3), (1, 4) }));
            Assert.That(data.RowPtr.Span.ToArray(), Is.EqualTo(new long[] { 0, 1, 4, 6, 7, 8 }));
            Assert.That(data.FeatureCount, Is.EqualTo(3));
            Assert.That(data.Features.Span.ToArray(), Is.EqualTo(X));
            Assert.That(data.Labels.ClassCount, Is.EqualTo(3));
            Assert.That(data.Labels.Classes!.Span.ToArray(), Is.EqualTo(Y.Select(y => (int)y)));
            Assert.That(NodeSplit.Nodes(data.Split.Train), Is.EqualTo(new[] { 0, 1 }));
            Assert.That(NodeSplit.Nodes(data.Split.Validation), Is.EqualTo(new[] { 2 }));
            Assert.That(NodeSplit.Nodes(data.Split.Test), Is.EqualTo(new[] { 3, 4 }));
        });
        GraphAssert.SymmetricSortedSimple(data);
    }

    [Test]
    public void A_directory_of_npy_files_is_read_and_its_float32_features_memory_mapped()
    {
        foreach (var (name, npy) in Members()) File.WriteAllBytes(dir.File(name + ".npy"), npy);
        using var data = DatasetReader.Open(dir.Path, NoStore);
        AssertTheDataset(data);
        Assert.That(data.Features.IsMapped, Is.True, "x.npy is already little-endian float32 in C order");
        Assert.That(data.Split.Train.IsMapped, Is.True, "bool masks are bytes");
    }

    [Test]
    public void Int32_edges_float64_features_and_absent_masks_are_fine()
    {
        Save(dir.File("edge_index.npy"), [.. Sources.Select(s => (int)s), .. Targets.Select(t => (int)t)], 2, Sources.Length);
        Save(dir.File("x.npy"), X.Select(x => (double)x).ToArray(), 5, 3);
        Save(dir.File("y.npy"), Y.Select(y => (int)y).ToArray());
        using var data = DatasetReader.Open(dir.Path, NoStore);
        Assert.That(data.Features.Span.ToArray(), Is.EqualTo(X));
        Assert.That(data.Features.IsMapped, Is.False, "converted from float64");
        Assert.That(NodeSplit.Nodes(data.Split.Train), Is.Empty);
    }

    [Test]
    public void Multi_label_targets_are_a_0_1_matrix()
    {
        foreach (var (name, npy) in Members()) File.WriteAllBytes(dir.File(name + ".npy"), npy);
        Save(dir.File("y.npy"), new long[] { 1, 0, 1, 1, 0, 0, 0, 0, 1, 1 }, 5, 2);
        using var data = DatasetReader.Open(dir.Path, NoStore);
        Assert.That(data.Labels.IsMultiLabel, Is.True);
        Assert.That(data.Labels.ClassCount, Is.EqualTo(2));
        Assert.That(data.Labels.MultiHot!.Span.ToArray(), Is.EqualTo(new byte[] { 1, 0, 1, 1, 0, 0, 0, 0, 1, 1 }));
    }

    [TestCase(CompressionLevel.NoCompression)]
    [TestCase(CompressionLevel.Optimal)]
    public void An_npz_archive_with_stored_or_deflated_members(CompressionLevel compression)
    {
        string path = dir.File("graph.npz");
        Npz(path, compression, Members());
        using var data = DatasetReader.Open(path, NoStore);
        Assert.That(data.Name, Is.EqualTo("graph"));
        AssertTheDataset(data);
    }

    [Test]
    public void PyG_raw_reddit_files()
    {
        var indptr = new List<long> { 0 };
        var indices = new List<int>();
        for (int u = 0; u < 5; u++)
        {
            indices.AddRange(Enumerable.Range(0, Sources.Length).Where(e => Sources[e] == u).Select(e => (int)Targets[e]));
            indptr.Add(indices.Count);
        }
        Npz(dir.File("raw/reddit_graph.npz"), CompressionLevel.Fastest,
            ("indptr", Npy(indptr.Select(p => (int)p).ToArray())), ("indices", Npy(indices.ToArray())),
            ("data", Npy(Enumerable.Repeat(1f, indices.Count).ToArray())), ("shape", Npy(new long[] { 5, 5 })));
        Npz(dir.File("raw/reddit_data.npz"), CompressionLevel.NoCompression,
            ("feature", Npy(X, 5, 3)), ("label", Npy(Y)), ("node_types", Npy(new long[] { 1, 1, 2, 3, 3 })));
        using var data = DatasetReader.Open(dir.Path, NoStore);
        Assert.That(data.Name, Is.EqualTo(Path.GetFileName(dir.Path)));
        AssertTheDataset(data);
    }

    [Test]
    public void OGB_raw_node_property_layout()
    {
        dir.Text("raw/edge.csv.gz", [.. Sources.Select((s, e) => $"{s},{Targets[e]}")]);
        dir.Text("raw/node-feat.csv.gz", [.. Enumerable.Range(0, 5).Select(u => string.Join(",", X.Skip(3 * u).Take(3).Select(x => x.ToString(System.Globalization.CultureInfo.InvariantCulture))))]);
        dir.Text("raw/node-label.csv.gz", [.. Y.Select(y => y.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        dir.Text("raw/num-node-list.csv.gz", "5");
        dir.Text("split/time/train.csv.gz", "0", "1");
        dir.Text("split/time/valid.csv.gz", "2");
        dir.Text("split/time/test.csv.gz", "3", "4");
        using var data = DatasetReader.Open(dir.Path, NoStore);
        AssertTheDataset(data);
    }
}
