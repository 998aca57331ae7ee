using ClusterGcn.Engine.Tests.Datasets;

namespace ClusterGcn.Engine.Tests.Cli;

public sealed class InfoCommandTests
{
    [Test]
    public void Reports_the_counts_of_cora()
    {
        var (code, stdout, stderr) = CliTests.Run("info", SharedDatasets.Path("cora"), "--no-store");
        Assert.That(code, Is.Zero, stderr);
        Assert.That(stdout, Does.Contain("2,708 nodes, 5,278 undirected edges"));
        Assert.That(stdout, Does.Contain("degree: min 1, mean 3.90, median 3.0, max 168; 0 isolated nodes"));
        Assert.That(stdout, Does.Contain("1,433 per node"));
        Assert.That(stdout, Does.Contain("7 classes").And.Contain("3: 818"));
        Assert.That(stdout, Does.Contain("split: train 140, validation 500, test 1,000, in none 1,068"));
    }

    [Test]
    public void Builds_the_store_once_then_maps_it_and_writes_json()
    {
        using var dir = new TempDirectory();
        dir.Text("g/edges.tsv.gz", "0\t1", "1\t2");
        dir.Text("g/features_dense.tsv.gz", "1\t1", "0\t2", "3\t0");
        dir.Text("g/labels.txt", "0", "1", "0");
        string source = Path.Combine(dir.Path, "g"), store = dir.File("stores"), json = dir.File("info.json");
        var (code, first, stderr) = CliTests.Run("info", source, "--store", store, "--preprocess", "rownorm");
        Assert.That(code, Is.Zero, stderr);
        Assert.That(first, Does.Contain("converted into the store").And.Contain(Path.Combine(store, "g", "rownorm")));
        (code, var second, stderr) = CliTests.Run("info", "--dataset", source, "--store", store, "--preprocess", "rownorm", "--json", json);
        Assert.That(code, Is.Zero, stderr);
        Assert.That(second, Does.Contain("mapped from the store"));
        Assert.That(File.ReadAllText(json), Does.Contain("\"nodes\": 3").And.Contain("\"loadSeconds\"").And.Contain("\"managedHeapMB\""));
    }

    [TestCase("--preprocess", "zscore", "preprocessing 'zscore' is not none, rownorm or standardize.")]
    [TestCase("--bogus", null, "unknown option --bogus")]
    public void Bad_options_are_one_line_errors(string option, string? value, string message)
    {
        string[] args = value is null ? ["info", SharedDatasets.Path("cora"), option] : ["info", SharedDatasets.Path("cora"), option, value];
        var (code, _, stderr) = CliTests.Run(args);
        Assert.That(code, Is.EqualTo(2));
        Assert.That(stderr.TrimEnd(), Does.StartWith("error: ").And.Contain(message).And.Not.Contain("\n"));
    }
}
