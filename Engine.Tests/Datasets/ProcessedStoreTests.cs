using ClusterGcn.Engine.Core.Datasets;
using static ClusterGcn.Engine.Tests.Datasets.ArrayFiles;

namespace ClusterGcn.Engine.Tests.Datasets;

public sealed class ProcessedStoreTests
{
    private TempDirectory dir = null!;
    private string source = "";

    [SetUp]
    public void Create()
    {
        dir = new TempDirectory();
        source = dir.File("toy/edges.tsv.gz")[..^"/edges.tsv.gz".Length];
        dir.Text("toy/edges.tsv.gz", "0\t1", "1\t2", "2\t3", "1\t3", "3\t4");
        dir.Text("toy/features_dense.tsv.gz", "1\t0\t2", "0\t3\t1", "4\t4\t0", "1\t1\t1", "0\t0\t5");
        dir.Text("toy/labels.txt", "0", "1", "1", "-1", "0");
        dir.Text("toy/train.txt", "0", "1");
        dir.Text("toy/val.txt", "2");
        dir.Text("toy/test.txt", "4");
    }

    [TearDown]
    public void Delete() => dir.Dispose();

    private static void AssertSame(NodeDataset expected, NodeDataset actual)
    {
        Assert.Multiple(() =>
        {
            Assert.That(actual.Name, Is.EqualTo(expected.Name));
            Assert.That(actual.RowPtr.Span.ToArray(), Is.EqualTo(expected.RowPtr.Span.ToArray()));
            Assert.That(actual.ColIdx.Span.ToArray(), Is.EqualTo(expected.ColIdx.Span.ToArray()));
            Assert.That(actual.FeatureCount, Is.EqualTo(expected.FeatureCount));
            Assert.That(actual.Features.Span.ToArray(), Is.EqualTo(expected.Features.Span.ToArray()));
            Assert.That(actual.Labels.ClassCount, Is.EqualTo(expected.Labels.ClassCount));
            Assert.That(actual.Labels.Classes!.Span.ToArray(), Is.EqualTo(expected.Labels.Classes!.Span.ToArray()));
            Assert.That(actual.Split.Train.Span.ToArray(), Is.EqualTo(expected.Split.Train.Span.ToArray()));
            Assert.That(actual.Split.Validation.Span.ToArray(), Is.EqualTo(expected.Split.Validation.Span.ToArray()));
            Assert.That(actual.Split.Test.Span.ToArray(), Is.EqualTo(expected.Split.Test.Span.ToArray()));
        });
    }

    [TestCase(FeaturePreprocessing.None)]
    [TestCase(FeaturePreprocessing.RowNormalize)]
    [TestCase(FeaturePreprocessing.Standardize)]
    public void The_first_load_writes_the_store_and_every_load_maps_it(FeaturePreprocessing preprocessing)
    {
        using var parsed = DatasetReader.Open(source, new DatasetOptions { UseStore = false, Preprocessing = preprocessing });
        var options = new DatasetOptions { Preprocessing = preprocessing };
        string store = Path.Combine(source, "processed", FeaturePreprocessingNames.Name(preprocessing));
        Assert.That(DatasetReader.StoreLocation(source, options), Is.EqualTo(store));
        using (var first = DatasetReader.Open(source, options))
        {
            Assert.That(first.StorePath, Is.EqualTo(store));
            Assert.That(first.Features.IsMapped && first.ColIdx.IsMapped && first.RowPtr.IsMapped && first.Split.Test.IsMapped, Is.True);
            AssertSame(parsed, first);
        }
        Assert.That(Directory.GetFiles(store).Select(Path.GetFileName), Is.EquivalentTo(new[]
            { "manifest.json", "row_ptr.npy", "col_idx.npy", "x.npy", "y.npy", "train_mask.npy", "val_mask.npy", "test_mask.npy" }), "no temporaries left");
        using var second = DatasetReader.Open(source, options);
        AssertSame(parsed, second);
        using var direct = DatasetReader.Open(store);
        AssertSame(parsed, direct);
    }

    [Test]
    public void A_later_load_does_not_read_the_source()
    {
        DatasetReader.Open(source).Dispose();
        // Same size and time, other bytes: a store that re-read its source would fail to parse this.
        string labels = Path.Combine(source, "labels.txt");
        var time = File.GetLastWriteTimeUtc(labels);
        File.WriteAllText(labels, "x\nx\nx\nxx\nx\n");
        File.SetLastWriteTimeUtc(labels, time);
        using var data = DatasetReader.Open(source);
        Assert.That(data.Labels.Classes!.Span.ToArray(), Is.EqualTo(new[] { 0, 1, 1, -1, 0 }));
    }

    [Test]
    public void A_changed_source_rebuilds_the_store()
    {
        DatasetReader.Open(source).Dispose();
        dir.Text("toy/labels.txt", "0", "1", "2", "-1", "0");
        File.SetLastWriteTimeUtc(Path.Combine(source, "labels.txt"), DateTime.UtcNow.AddMinutes(1));
        using var data = DatasetReader.Open(source);
        Assert.That(data.Labels.Classes!.Span.ToArray(), Is.EqualTo(new[] { 0, 1, 2, -1, 0 }));
        Assert.That(data.Labels.ClassCount, Is.EqualTo(3));
    }

    [Test]
    public void A_damaged_store_is_rebuilt_from_the_source_and_reported_when_opened_alone()
    {
        using var parsed = DatasetReader.Open(source, new DatasetOptions { UseStore = false });
        DatasetReader.Open(source).Dispose();
        string store = DatasetReader.StoreLocation(source);
        string x = Path.Combine(store, "x.npy");
        File.WriteAllBytes(x, File.ReadAllBytes(x)[..^4]);
        var error = Assert.Throws<InvalidDataException>(() => DatasetReader.Open(store))!;
        Assert.That(error.Message, Does.StartWith(x).And.Contain("truncated").And.Not.Contain("\n"));
        using (var rebuilt = DatasetReader.Open(source)) AssertSame(parsed, rebuilt);
        File.WriteAllText(Path.Combine(store, "manifest.json"), "{ not json");
        using (var rebuilt = DatasetReader.Open(source)) AssertSame(parsed, rebuilt);
        File.Delete(Path.Combine(store, "col_idx.npy"));
        using (var rebuilt = DatasetReader.Open(source)) AssertSame(parsed, rebuilt);
    }

    [Test]
    public void An_explicit_store_directory_holds_one_store_per_dataset_and_preprocessing()
    {
        string root = dir.File("stores");
        var options = new DatasetOptions { StoreDirectory = root, Preprocessing = FeaturePreprocessing.RowNormalize };
        using var data = DatasetReader.Open(source, options);
        Assert.That(data.StorePath, Is.EqualTo(Path.Combine(root, "toy", "rownorm")));
        Assert.That(Directory.Exists(Path.Combine(source, "processed")), Is.False);
    }

    [Test]
    public void A_failing_conversion_leaves_no_store()
    {
        dir.Text("toy/val.txt", "1");
        var error = Assert.Throws<InvalidDataException>(() => DatasetReader.Open(source))!;
        Assert.That(error.Message, Does.Contain("val.txt").And.Contain("disjoint"));
        string store = DatasetReader.StoreLocation(source);
        Assert.That(!Directory.Exists(store) || Directory.GetFiles(store).Length == 0, Is.True, "nothing written");
    }

    [Test]
    public void A_read_only_source_is_parsed_into_memory_and_left_as_it_is()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Ignore("Unix permission bits");
            return;
        }
        File.SetUnixFileMode(source, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
        try
        {
            using var data = DatasetReader.Open(source);
            Assert.That(data.NodeCount, Is.EqualTo(5));
            Assert.That(data.StorePath, Is.Null);
            Assert.That(Directory.Exists(Path.Combine(source, "processed")), Is.False, "even for root, which may write anyway");
        }
        finally
        {
            File.SetUnixFileMode(source, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    [Test]
    public void A_directory_of_npy_files_gets_its_store_too()
    {
        string npy = dir.File("npy/edge_index.npy");
        Save(npy, new long[] { 0, 1, 1, 2 }, 2, 2);
        Save(dir.File("npy/x.npy"), new float[] { 1, 2, 3 }, 3, 1);
        Save(dir.File("npy/y.npy"), new long[] { 0, 1, 0 });
        using var data = DatasetReader.Open(Path.GetDirectoryName(npy)!);
        Assert.That(data.StorePath, Is.EqualTo(Path.Combine(Path.GetDirectoryName(npy)!, "processed", "none")));
        Assert.That(data.EntryCount, Is.EqualTo(4));
    }
}
