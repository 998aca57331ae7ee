using System.Text.Json;
using ClusterGcn.Engine.Partitioning.Generators;
using ClusterGcn.Engine.Partitioning.IO;
using ClusterGcn.Engine.Partitioning.Multilevel;
using ClusterGcn.Engine.Tests.Training;

namespace ClusterGcn.Engine.Tests.Cli;

public sealed class PartitionCommandTests
{
    private string dir = "";

    [SetUp]
    public void CreateDirectory() => dir = Directory.CreateTempSubdirectory("partition-cli-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(dir, recursive: true);

    private string File(string name) => Path.Combine(dir, name);

    [Test]
    public void Partitioning_is_strong_by_default_and_lean_on_request_and_the_report_says_which()
    {
        foreach (bool lean in new[] { false, true })
        {
            string[] args = ["partition", "--generate", "mesh2d-30", "--parts", "7", "--json", File($"lean-{lean}.json")];
            var (code, stdout, stderr) = CliTests.Run(lean ? [.. args, "--lean"] : args);
            Assert.That((code, stderr), Is.EqualTo((0, "")), stdout);
            Assert.That(stdout, Does.Contain(lean ? ", lean\n" : ", strong\n"));
            using var report = JsonDocument.Parse(System.IO.File.ReadAllText(File($"lean-{lean}.json")));
            Assert.That(report.RootElement.GetProperty("strong").GetBoolean(), Is.EqualTo(!lean));
        }
    }

    // A dataset's graph, partitioned lean into a cache, is the partition cgcn train then finds in that cache: the same
    // graph, k, seed and imbalance, so partitioning can be done once, ahead of training.
    [Test]
    public void A_datasets_graph_is_partitioned_into_the_cache_that_train_reuses()
    {
        string data = File("planted"), cache = File("planted.part.npy");
        using (var dataset = PlantedDataset.Create()) PlainTextWriter.Write(dataset, data, withSplit: true, withValidation: true);

        var (code, stdout, stderr) = CliTests.Run("partition", "--dataset", data, "--parts", "8", "--lean", "--cache", cache);
        Assert.That((code, stderr), Is.EqualTo((0, "")), stdout);
        Assert.That(stdout, Does.StartWith($"graph: {data}: ").And.Contain("cache: miss, partitioned and saved to"));
        long cut = long.Parse(stdout.Split('\n').Single(l => l.StartsWith("cut: ", StringComparison.Ordinal)).Split(' ')[1]);

        (code, stdout, stderr) = CliTests.Run("train", "--dataset", data, "--device", "cpu", "--parts", "8", "--clusters-per-batch", "2",
            "--hidden", "8", "--epochs", "1", "--eval-every", "1", "--partition-cache", cache);
        Assert.That(code, Is.Zero, stderr);
        Assert.That(stdout, Does.Contain($"cached in {cache}").And.Contain($"edge cut {cut:N0} "));
    }

    [TestCase("--dataset|D|--graph|G.graph", "give exactly one of --graph FILE, --generate NAME and --dataset PATH")]
    [TestCase("--generate|mesh2d-10|--store|S", "--store applies to --dataset PATH only")]
    [TestCase("--generate|mesh2d-10|--symmetrize", "--symmetrize applies to --graph FILE only")]
    [TestCase("--dataset|no-such-dataset", "no-such-dataset")]
    public void Input_options_that_do_not_fit_are_one_line_errors(string options, string message)
    {
        var (code, stdout, stderr) = CliTests.Run(["partition", .. options.Split('|'), "--parts", "2"]);
        Assert.That(code, Is.EqualTo(2), stdout);
        Assert.That(stderr, Does.StartWith("error: ").And.Contain(message));
        Assert.That(stderr.TrimEnd().Split('\n'), Has.Length.EqualTo(1));
    }

    [Test]
    public void Generated_sbm_is_partitioned_end_to_end_with_a_json_report()
    {
        var (code, stdout, stderr) = CliTests.Run("partition", "--generate", "sbm-100k", "--parts", "64", "--seed", "3",
            "--threads", "2", "--json", File("report.json"), "--out", File("part.npy"), "--format", "cache");
        Assert.That(stderr, Is.Empty);
        Assert.That(code, Is.Zero, stdout);
        Assert.That(stdout, Does.Contain("cut: ").And.Contain("imbalance: ").And.Contain("peak memory: "));

        using var report = JsonDocument.Parse(System.IO.File.ReadAllText(File("report.json")));
        var root = report.RootElement;
        Assert.That(root.GetProperty("nodes").GetInt32(), Is.EqualTo(100_000));
        Assert.That(root.GetProperty("parts").GetInt32(), Is.EqualTo(64));
        Assert.That(root.GetProperty("seconds").TryGetProperty("partition", out _));
        Assert.That(root.GetProperty("memory").GetProperty("peakWorkingSetMB").GetDouble(), Is.GreaterThan(0));

        // The reported numbers are the metrics recomputed from the cached partition of the same graph.
        var graph = PowerLawSbm.Generate(SbmSpec.Small, seed: 1).Graph;
        var options = new PartitionOptions(64, 0.03, 3);
        int[]? part = PartitionFile.Load(File("part.npy"), graph, options);
        Assert.That(part, Is.Not.Null, "the cache matches the generated graph and the options");
        Assert.That(root.GetProperty("edgeCut").GetInt64(), Is.EqualTo(PartitionMetrics.EdgeCut(graph, part)));
        Assert.That(root.GetProperty("imbalance").GetDouble(), Is.EqualTo(PartitionMetrics.Imbalance(graph, part, 64)));
        Assert.That(root.GetProperty("keptEdgeFraction").GetDouble(), Is.EqualTo(PartitionMetrics.KeptEdgeFraction(graph, part)));
        Assert.That(root.GetProperty("blockWeights").EnumerateArray().Select(w => w.GetInt64()), Is.EqualTo(PartitionMetrics.BlockWeights(graph, part, 64)));
    }

    [Test]
    public void A_planted_graph_partitions_into_whole_communities_and_writes_the_file_it_was_made_from()
    {
        string graph = File("planted.graph"), report = File("planted.json");
        var run = CliTests.Run("partition", "--generate", "planted-2048", "--graph-seed", "5", "--parts", "8", "--write-graph", graph, "--json", report);
        Assert.That(run.Code, Is.Zero, run.Stderr);

        var reread = MetisGraphFile.Read(graph);
        Assert.That(reread.NodeCount, Is.EqualTo(2048));
        var expected = PlantedCommunities.Generate(new PlantedSpec(2048), seed: 5);
        Assert.That(reread.ColIdx.ToArray(), Is.EqualTo(expected.ToCsrGraph().ColIdx.ToArray()));
        // 8 communities of 256 on a ring: a block per community cuts exactly the edges between neighbouring communities.
        long between = 0;
        for (int u = 0; u < reread.NodeCount; u++)
            foreach (int v in reread.Neighbors(u))
                if (u / 256 != v / 256) between++;
        using var json = JsonDocument.Parse(System.IO.File.ReadAllText(report));
        Assert.That(json.RootElement.GetProperty("edgeCut").GetInt64(), Is.EqualTo(between / 2));
    }

    [Test]
    public void A_written_graph_is_read_back_partitioned_and_evaluated_the_same()
    {
        string graph = File("mesh.graph"), part = File("mesh.part"), first = File("first.json"), second = File("second.json");
        Assert.That(CliTests.Run("partition", "--generate", "mesh3d-8", "--write-graph", graph).Code, Is.Zero);
        Assert.That(System.IO.File.ReadAllText(graph), Does.StartWith("512 1344\n"));

        var run = CliTests.Run("partition", "--graph", graph, "--parts", "8", "--out", part, "--json", first);
        Assert.That(run.Code, Is.Zero, run.Stderr);
        var evaluation = CliTests.Run("partition", "--graph", graph, "--parts", "8", "--evaluate", part, "--json", second);
        Assert.That(evaluation.Code, Is.Zero, evaluation.Stderr);
        Assert.That(evaluation.Stdout, Does.Contain($"evaluated {part}"));

        using var a = JsonDocument.Parse(System.IO.File.ReadAllText(first));
        using var b = JsonDocument.Parse(System.IO.File.ReadAllText(second));
        foreach (string key in new[] { "edgeCut", "imbalance", "keptEdgeFraction", "heaviestBlock" })
            Assert.That(b.RootElement.GetProperty(key).GetRawText(), Is.EqualTo(a.RootElement.GetProperty(key).GetRawText()), key);
        Assert.That(b.RootElement.GetProperty("mode").GetString(), Is.EqualTo("evaluate"));
    }

    [Test]
    public void Cache_is_computed_once_then_reused_and_recomputed_for_other_options()
    {
        string cache = File("mesh.npy");
        string[] Args(string seed, string report) =>
            ["partition", "--generate", "mesh2d-20", "--parts", "6", "--seed", seed, "--cache", cache, "--json", File(report)];

        var miss = CliTests.Run(Args("1", "miss.json"));
        Assert.That(miss.Code, Is.Zero, miss.Stderr);
        Assert.That(miss.Stdout, Does.Contain($"cache: miss, partitioned and saved to {cache}"));
        Assert.That(System.IO.File.Exists(PartitionFile.ManifestPath(cache)));

        var hit = CliTests.Run(Args("1", "hit.json"));
        Assert.That(hit.Code, Is.Zero, hit.Stderr);
        Assert.That(hit.Stdout, Does.Contain("cache: hit").And.Contain($"cached in {cache}"));
        using var a = JsonDocument.Parse(System.IO.File.ReadAllText(File("miss.json")));
        using var b = JsonDocument.Parse(System.IO.File.ReadAllText(File("hit.json")));
        Assert.That(a.RootElement.GetProperty("cacheHit").GetBoolean(), Is.False);
        Assert.That(b.RootElement.GetProperty("cacheHit").GetBoolean(), Is.True);
        Assert.That(b.RootElement.GetProperty("mode").GetString(), Is.EqualTo("cached"));
        Assert.That(b.RootElement.GetProperty("seconds").TryGetProperty("partition", out _), Is.False, "a hit does not partition");
        foreach (string key in new[] { "edgeCut", "imbalance", "keptEdgeFraction", "heaviestBlock" })
            Assert.That(b.RootElement.GetProperty(key).GetRawText(), Is.EqualTo(a.RootElement.GetProperty(key).GetRawText()), key);

        // Another seed is another key: the cache is recomputed and replaced, and then hits for that seed.
        var other = CliTests.Run(Args("2", "other.json"));
        Assert.That(other.Stdout, Does.Contain("cache: miss"));
        Assert.That(CliTests.Run(Args("2", "again.json")).Stdout, Does.Contain("cache: hit"));
        Assert.That(CliTests.Run(Args("1", "back.json")).Stdout, Does.Contain("cache: miss"));
    }

    [Test]
    public void A_graph_read_beyond_int_offsets_is_partitioned_and_evaluated_the_same()
    {
        string graph = File("mesh.graph");
        Assert.That(CliTests.Run("partition", "--generate", "mesh2d-40", "--write-graph", graph).Code, Is.Zero);
        string[] Args(string part, string report) => ["partition", "--graph", graph, "--parts", "7", "--threads", "2", "--out", File(part), "--json", File(report)];
        var normal = CliTests.Run(Args("normal.part", "normal.json"));
        Assert.That(normal.Code, Is.Zero, normal.Stderr);

        // Every file is now read as a LargeCsrGraph, its entries in chunks of 100.
        (MetisGraphFile.LargeEntries, MetisGraphFile.LargeChunkCapacity) = (-1, 100);
        try
        {
            var large = CliTests.Run(Args("large.part", "large.json"));
            Assert.That(large.Code, Is.Zero, large.Stderr);
            Assert.That(System.IO.File.ReadAllText(File("large.part")), Is.EqualTo(System.IO.File.ReadAllText(File("normal.part"))));
            var evaluation = CliTests.Run("partition", "--graph", graph, "--parts", "7", "--evaluate", File("normal.part"), "--json", File("evaluated.json"));
            Assert.That(evaluation.Code, Is.Zero, evaluation.Stderr);

            using var a = JsonDocument.Parse(System.IO.File.ReadAllText(File("normal.json")));
            foreach (string report in new[] { "large.json", "evaluated.json" })
            {
                using var b = JsonDocument.Parse(System.IO.File.ReadAllText(File(report)));
                foreach (string key in new[] { "nodes", "edges", "edgeCut", "imbalance", "keptEdgeFraction", "heaviestBlock", "maxBlockWeight" })
                    Assert.That(b.RootElement.GetProperty(key).GetRawText(), Is.EqualTo(a.RootElement.GetProperty(key).GetRawText()), $"{report}: {key}");
            }

            // --write-graph writes the large graph back into the file it came from ...
            var copy = CliTests.Run("partition", "--graph", graph, "--write-graph", File("copy.graph"));
            Assert.That(copy.Code, Is.Zero, copy.Stderr);
            Assert.That(System.IO.File.ReadAllBytes(File("copy.graph")), Is.EqualTo(System.IO.File.ReadAllBytes(graph)));

            // ... and what needs a whole CsrGraph is refused in one line before any partitioning.
            foreach (string[] extra in new[] { new[] { "--cache", File("c.npy") }, ["--out", File("p.npy"), "--format", "cache"] })
            {
                var (code, _, stderr) = CliTests.Run(["partition", "--graph", graph, "--parts", "7", .. extra]);
                Assert.That(code, Is.EqualTo(2), string.Join(' ', extra));
                Assert.That(stderr.TrimEnd().Split('\n'), Has.Length.EqualTo(1), stderr);
                Assert.That(stderr, Does.Contain($"needs a graph of at most {Array.MaxLength} entries; {graph} has 6240"));
            }
        }
        finally
        {
            (MetisGraphFile.LargeEntries, MetisGraphFile.LargeChunkCapacity) = (Array.MaxLength, 0);
        }
    }

    [TestCase("npy")]
    [TestCase("manifest")]
    public void A_corrupt_cache_is_one_line_naming_the_file(string damaged)
    {
        string cache = File("mesh.npy");
        string[] args = ["partition", "--generate", "mesh2d-8", "--parts", "4", "--cache", cache];
        Assert.That(CliTests.Run(args).Code, Is.Zero);
        string target = damaged == "npy" ? cache : PartitionFile.ManifestPath(cache);
        byte[] bytes = System.IO.File.ReadAllBytes(target);
        if (damaged == "npy") bytes[^1] ^= 1; // one block id changes: the part checksum no longer matches
        else bytes = bytes[..(bytes.Length / 2)];
        System.IO.File.WriteAllBytes(target, bytes);

        var (code, _, stderr) = CliTests.Run(args);
        Assert.That(code, Is.EqualTo(2));
        Assert.That(stderr.TrimEnd().Split('\n'), Has.Length.EqualTo(1), stderr);
        Assert.That(stderr, Does.StartWith($"error: {target}: "));
    }

    [Test]
    public void Help_lists_the_options()
    {
        var (code, stdout, _) = CliTests.Run("partition", "--help");
        Assert.That(code, Is.Zero);
        Assert.That(stdout, Does.Contain("--generate").And.Contain("--evaluate").And.Contain("--write-graph"));
    }

    [TestCase("--graph", "{dir}/missing.graph", "--parts", "2", "missing.graph")]
    [TestCase("--graph", "{dir}/bad.graph", "--parts", "2", "bad.graph: line 2: 'x' is not a non-negative integer")]
    [TestCase("--generate", "mesh2d-4", "--parts", "0", "--parts 0 is outside")]
    [TestCase("--generate", "mesh2d-4", "--parts", "17", "k = 17 must be between 1 and the node count (16)")]
    [TestCase("--generate", "mesh2d-4", "--parts", "2", "--imbalance", "1.5", "imbalance ε = 1.5 must be in [0, 1)")]
    [TestCase("--generate", "mesh2d-4", "--parts", "2", "--imbalance", "-0.1", "imbalance ε = -0.1 must be in [0, 1)")]
    [TestCase("--generate", "mesh2d-4", "--parts", "2", "--bogus", "1", "unknown option --bogus")]
    [TestCase("--generate", "torus-4", "--parts", "2", "'torus-4' is not sbm-100k")]
    [TestCase("--generate", "planted-0", "--parts", "2", "planted-0 needs 1 to")]
    [TestCase("--generate", "planted-2000000000", "--parts", "2", "planted-2000000000 needs ~")]
    [TestCase("--generate", "mesh2d-4", "--graph", "x.graph", "--parts", "2", "exactly one of --graph FILE, --generate NAME and --dataset PATH")]
    [TestCase("--generate", "mesh2d-4", "--format", "csv", "--parts", "2", "--format 'csv' is neither")]
    [TestCase("--generate", "mesh2d-4", "partition: --parts K is required")]
    [TestCase("--generate", "mesh2d-4", "--parts", "2", "--seed", "-1", "--seed '-1' is not a non-negative integer")]
    [TestCase("--generate", "mesh2d-4", "--parts", "2", "--evaluate", "p", "--cache", "c", "--cache and --evaluate exclude each other")]
    public void Bad_input_is_one_line_and_exit_2(params string[] argsAndFragment)
    {
        System.IO.File.WriteAllText(File("bad.graph"), "2 1\nx\n1\n");
        string[] args = ["partition", .. argsAndFragment[..^1].Select(a => a.Replace("{dir}", dir))];
        var (code, _, stderr) = CliTests.Run(args);
        Assert.That(code, Is.EqualTo(2));
        Assert.That(stderr.TrimEnd().Split('\n'), Has.Length.EqualTo(1), stderr);
        Assert.That(stderr, Does.StartWith("error: ").And.Contain(argsAndFragment[^1]));
        Assert.That(stderr, Does.Not.Contain("(Parameter '"), "C# parameter names mean nothing to a user");
    }
}
