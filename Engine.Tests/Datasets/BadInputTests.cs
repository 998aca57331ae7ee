using ClusterGcn.Engine.Core.Datasets;
using ClusterGcn.Engine.Tests.Cli;
using ClusterGcn.Engine.Tests.Support;
using static ClusterGcn.Engine.Tests.Datasets.ArrayFiles;

namespace ClusterGcn.Engine.Tests.Datasets;

/// <summary>Every kind of bad input the issue lists: a one-line "&lt;file&gt;: &lt;problem&gt;" error from the reader,
/// "error: ..." and exit 2 from <c>cgcn info</c>, and no store left behind.</summary>
public sealed class BadInputTests
{
    private TempDirectory dir = null!;

    [SetUp]
    public void Create()
    {
        dir = new TempDirectory();
        // A valid 4-node dataset; each case breaks one file.
        Save(dir.File("d/edge_index.npy"), new long[] { 0, 1, 2, 1, 2, 3 }, 2, 3);
        Save(dir.File("d/x.npy"), new float[] { 1, 0, 0, 1, 1, 1, 0, 0 }, 4, 2);
        Save(dir.File("d/y.npy"), new long[] { 0, 1, 1, 0 });
        Save(dir.File("d/train_mask.npy"), new[] { true, false, false, false });
        Save(dir.File("d/val_mask.npy"), new[] { false, true, false, false });
        Save(dir.File("d/test_mask.npy"), new[] { false, false, true, true });
        dir.Text("t/edges.tsv.gz", "0\t1", "1\t2");
        dir.Text("t/features.tsv.gz", "0\t0\t1", "2\t1\t1");
        dir.Text("t/labels.txt", "0", "1", "-1");
        dir.Text("t/train.txt", "0");
        dir.Text("t/val.txt", "1");
        dir.Text("t/test.txt", "2");
    }

    [TearDown]
    public void Delete() => dir.Dispose();

    private static IEnumerable<TestCaseData> Cases()
    {
        TestCaseData Case(string name, string dataset, string file, string problem, Action<TempDirectory> breakIt) =>
            new TestCaseData(dataset, file, problem, breakIt).SetName(name);

        yield return Case("Truncated npy", "d", "d/x.npy", "truncated: ",
            d => File.WriteAllBytes(d.File("d/x.npy"), File.ReadAllBytes(d.File("d/x.npy"))[..^5]));
        yield return Case("Unknown dtype", "d", "d/x.npy", "unsupported dtype '<c8'",
            d => File.WriteAllBytes(d.File("d/x.npy"), Replace(File.ReadAllBytes(d.File("d/x.npy")), "'<f4'", "'<c8'")));
        yield return Case("Wrong rank", "d", "d/x.npy", "expected 2-D, found shape (8,)",
            d => Save(d.File("d/x.npy"), new float[8]));
        yield return Case("N mismatch between files", "d", "d/y.npy", "3 labels for 4 nodes",
            d => Save(d.File("d/y.npy"), new long[] { 0, 1, 1 }));
        yield return Case("Negative edge id", "d", "d/edge_index.npy", "edge 1 (-1, 2) points outside the 4 nodes",
            d => Save(d.File("d/edge_index.npy"), new long[] { 0, -1, 2, 1, 2, 3 }, 2, 3));
        yield return Case("Edge id equal to N", "d", "d/edge_index.npy", "edge 2 (2, 4) points outside the 4 nodes",
            d => Save(d.File("d/edge_index.npy"), new long[] { 0, 1, 2, 1, 2, 4 }, 2, 3));
        yield return Case("Edge id beyond int32", "d", "d/edge_index.npy", "edge 2 has node id 1099511627776, beyond the int32 range",
            d => Save(d.File("d/edge_index.npy"), new long[] { 0, 1, 2, 1, 2, 1L << 40 }, 2, 3));
        yield return Case("Label below -1", "d", "d/y.npy", "label -2 of node 3 is outside [0, 2)",
            d => Save(d.File("d/y.npy"), new long[] { 0, 1, 1, -2 }));
        yield return Case("Label beyond the classes of meta.json", "t", "t/labels.txt", "label 5 of node 1 is outside [0, 2)",
            d => { d.Text("t/labels.txt", "0", "5", "1"); d.Text("t/meta.json", "{\"num_classes\": 2}"); });
        yield return Case("NaN feature", "d", "d/x.npy", "feature 1 of node 2 is NaN",
            d => Save(d.File("d/x.npy"), new float[] { 1, 0, 0, 1, 1, float.NaN, 0, 0 }, 4, 2));
        yield return Case("Infinite feature", "d", "d/x.npy", "feature 0 of node 3 is Infinity",
            d => Save(d.File("d/x.npy"), new float[] { 1, 0, 0, 1, 1, 1, float.PositiveInfinity, 0 }, 4, 2));
        yield return Case("Overlapping masks", "d", "d/test_mask.npy", "node 1 is also in val_mask.npy",
            d => Save(d.File("d/test_mask.npy"), new[] { false, true, true, true }));
        yield return Case("Mask of the wrong length", "d", "d/val_mask.npy", "a mask of length 3 for 4 nodes",
            d => Save(d.File("d/val_mask.npy"), new[] { false, true, false }));
        yield return Case("Empty graph: no nodes", "d", "d/x.npy", "the graph has no nodes",
            d => Save(d.File("d/x.npy"), Array.Empty<float>(), 0, 2));
        yield return Case("Empty graph: no edges", "d", "d/edge_index.npy", "the graph has no edges",
            d => Save(d.File("d/edge_index.npy"), Array.Empty<long>(), 2, 0));
        yield return Case("Gzip that is not gzip", "t", "t/edges.tsv.gz", "not a gzip file",
            d => File.WriteAllText(d.File("t/edges.tsv.gz"), "0\t1\n"));
        yield return Case("Missing file", "d", "d/y.npy", "file not found",
            d => File.Delete(d.File("d/y.npy")));
        yield return Case("Missing split file", "t", "t/test.txt", "file not found",
            d => File.Delete(d.File("t/test.txt")));
    }

    // Random damage to one file of a valid dataset (a byte changed, inserted or deleted, the file cut short): opening
    // it either works or fails with one line naming a file of the dataset, never another exception.
    [TestCase("d")]
    [TestCase("t")]
    public void Damaged_files_open_or_fail_with_one_line(string dataset)
    {
        string root = Path.Combine(dir.Path, dataset), store = Path.Combine(root, "processed");
        string[] files = Directory.GetFiles(root);
        var originals = files.ToDictionary(f => f, File.ReadAllBytes);
        var random = new Random(7);
        int opened = 0, failed = 0;
        for (int trial = 0; trial < 240; trial++)
        {
            foreach (var (file, original) in originals) File.WriteAllBytes(file, original);
            if (Directory.Exists(store)) Directory.Delete(store, recursive: true);
            string damaged = files[trial % files.Length];
            var (bytes, at) = FileDamage.Once(originals[damaged], random);
            File.WriteAllBytes(damaged, bytes);
            try
            {
                DatasetReader.Open(root).Dispose();
                opened++;
            }
            catch (Exception error) when (error is InvalidDataException or FileNotFoundException)
            {
                Assert.That(error.Message, Does.StartWith(root + Path.DirectorySeparatorChar).And.Not.Contain('\n').And.Not.Contain('\0'),
                    $"trial {trial}: {Path.GetFileName(damaged)} at byte {at}");
                failed++;
            }
        }
        Assert.That(failed, Is.GreaterThan(60), $"{opened} opened");
    }

    private static byte[] Replace(byte[] bytes, string from, string to)
    {
        string text = System.Text.Encoding.Latin1.GetString(bytes);
        return System.Text.Encoding.Latin1.GetBytes(text.Replace(from, to, StringComparison.Ordinal));
    }

    [TestCaseSource(nameof(Cases))]
    public void Is_one_line_naming_the_file_and_leaves_no_store(string dataset, string file, string problem, Action<TempDirectory> breakIt)
    {
        breakIt(dir);
        string path = Path.Combine(dir.Path, dataset), named = Path.Combine(dir.Path, file);
        var error = Assert.Catch<Exception>(() => DatasetReader.Open(path).Dispose())!;
        Assert.That(error, Is.InstanceOf<InvalidDataException>().Or.InstanceOf<FileNotFoundException>());
        Assert.That(error.Message, Does.StartWith(named + ": ").And.Contain(problem).And.Not.Contain("\n"));

        var (code, stdout, stderr) = CliTests.Run("info", path);
        Assert.That(code, Is.EqualTo(2), stdout);
        Assert.That(stderr, Is.EqualTo($"error: {error.Message}{Environment.NewLine}"));
        string store = Path.Combine(path, "processed");
        Assert.That(Directory.Exists(store) ? Directory.GetFiles(store, "*", SearchOption.AllDirectories) : [], Is.Empty, "no half-written store");
    }
}
