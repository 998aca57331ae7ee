using System.Text.Json;

namespace ClusterGcn.Engine.Tests.Cli;

public sealed class GenerateCommandTests
{
    private string dir = "";

    [SetUp]
    public void CreateDirectory() => dir = Directory.CreateTempSubdirectory("generate-cli-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(dir, recursive: true);

    [Test]
    public void Writes_the_dataset_probes_it_and_reports_time_and_memory()
    {
        string outDir = Path.Combine(dir, "tiny"), report = Path.Combine(dir, "report.json");
        var (code, stdout, stderr) = CliTests.Run("generate", "--preset", "tiny", "--seed", "4", "--out", outDir, "--probe", "--json", report);
        Assert.That(stderr, Is.Empty);
        Assert.That(code, Is.Zero, stdout);
        Assert.That(stdout, Does.Contain($"wrote {outDir}: tiny, seed 4: 2,000 nodes").And.Contain("probe: ").And.Contain("peak memory: "));
        Assert.That(File.Exists(Path.Combine(outDir, "meta.json")));

        using var json = JsonDocument.Parse(File.ReadAllText(report));
        var root = json.RootElement;
        Assert.That(root.GetProperty("preset").GetString(), Is.EqualTo("tiny"));
        Assert.That(root.GetProperty("counts").GetProperty("nodes").GetInt32(), Is.EqualTo(2_000));
        Assert.That(root.GetProperty("probe").GetProperty("neighbourhoodAccuracy").GetDouble(), Is.InRange(0.0, 1.0));
        Assert.That(root.GetProperty("peakWorkingSetMB").GetDouble(), Is.GreaterThan(0));
    }

    [Test]
    public void Help_lists_the_presets_and_options()
    {
        var (code, stdout, _) = CliTests.Run("generate", "--help");
        Assert.That(code, Is.Zero);
        Assert.That(stdout, Does.Contain("--preset").And.Contain("products").And.Contain("--out").And.Contain("--probe"));
    }

    [TestCase("--preset", "huge", "--out", "{dir}/x", "preset 'huge' is not one of tiny, small, medium, reddit, products")]
    [TestCase("--preset", "tiny", "--seed", "-1", "--out", "{dir}/x", "--seed '-1' is not a non-negative integer")]
    [TestCase("--preset", "tiny", "--seed", "1e3", "--out", "{dir}/x", "--seed '1e3' is not a non-negative integer")]
    [TestCase("--preset", "tiny", "--out", "{dir}/file", "{dir}/file: is a file, not a directory")]
    [TestCase("--preset", "tiny", "--out", "{dir}/file/sub", "{dir}/file/sub: cannot create the directory")]
    [TestCase("--preset", "tiny", "--threads", "-2", "--out", "{dir}/x", "--threads -2 is outside")]
    [TestCase("--out", "{dir}/x", "--preset NAME is required")]
    [TestCase("--preset", "tiny", "give --out DIR, --probe, or both")]
    [TestCase("--preset", "tiny", "--parts", "3", "unknown option --parts")]
    public void Bad_input_is_one_line_and_exit_2(params string[] argsAndFragment)
    {
        File.WriteAllText(Path.Combine(dir, "file"), "not a directory");
        string[] args = ["generate", .. argsAndFragment[..^1].Select(a => a.Replace("{dir}", dir))];
        var (code, stdout, stderr) = CliTests.Run(args);
        Assert.That(code, Is.EqualTo(2));
        Assert.That(stderr.TrimEnd().Split('\n'), Has.Length.EqualTo(1), stderr);
        Assert.That(stderr, Does.StartWith("error: ").And.Contain(argsAndFragment[^1].Replace("{dir}", dir)));
        Assert.That(stdout, Is.Empty);
        Assert.That(Directory.Exists(Path.Combine(dir, "x")), Is.False, "nothing written");
    }
}
