using System.Text.Json;
using ClusterGcn.Engine.Core.Devices;
using ClusterGcn.Engine.Tests.Training;

namespace ClusterGcn.Engine.Tests.Cli;

public sealed class TrainCommandTests
{
    private string dir = "";

    [SetUp]
    public void CreateDirectory() => dir = Directory.CreateTempSubdirectory("train-cli-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(dir, recursive: true);

    private string PlantedDirectory(bool withSplit = true, bool withValidation = true)
    {
        string data = Path.Combine(dir, $"planted-{withSplit}-{withValidation}");
        using var dataset = PlantedDataset.Create();
        PlainTextWriter.Write(dataset, data, withSplit, withValidation);
        return data;
    }

    [Test]
    public void Training_a_small_graph_through_the_cli_reaches_the_accuracy_bar_and_reports_it()
    {
        string json = Path.Combine(dir, "report.json");
        var (code, stdout, stderr) = CliTests.Run("train", "--dataset", PlantedDirectory(), "--device", "cpu", "--parts", "8",
            "--clusters-per-batch", "2", "--hidden", "16", "--dropout", "0.2", "--lr", "0.01", "--epochs", "12", "--eval-every", "4",
            "--seed", "2", "--json", json);
        Assert.That(code, Is.Zero, stderr);
        Assert.That(stderr, Is.Empty, "no progress bar when stderr is not a console");
        Assert.That(stdout, Does.Contain("epoch   12").And.Contain("final (accuracy, epoch").And.Contain("peak memory:"));

        using var report = JsonDocument.Parse(File.ReadAllText(json));
        var root = report.RootElement;
        // 4 classes, chance 0.25.
        Assert.That(root.GetProperty("final").GetProperty("test").GetDouble(), Is.GreaterThan(0.9), stdout);
        Assert.That(root.GetProperty("epochs").GetArrayLength(), Is.EqualTo(12));
        Assert.That(root.GetProperty("edgeCut").GetInt64(), Is.GreaterThan(0));
        foreach (string key in new[] { "secondsPerEpoch", "inferenceSeconds", "partitionSeconds", "peakRssMB" })
            Assert.That(root.GetProperty(key).GetDouble(), Is.GreaterThan(0), key);
        Assert.That(root.GetProperty("stop").GetString(), Is.EqualTo("completed"));
    }

    [Test]
    public void Model_out_keeps_the_best_model_and_its_curve_and_evaluate_reproduces_its_scores()
    {
        string model = Path.Combine(dir, "models", "planted");
        string trainJson = Path.Combine(dir, "train.json"), evaluateJson = Path.Combine(dir, "evaluate.json");
        string data = PlantedDirectory();
        var (code, stdout, stderr) = CliTests.Run("train", "--dataset", data, "--device", "cpu", "--parts", "8", "--clusters-per-batch", "2",
            "--hidden", "16", "--epochs", "6", "--eval-every", "2", "--layer-norm", "--model-out", model, "--json", trainJson);
        Assert.That(code, Is.Zero, stderr);
        Assert.That(stdout, Does.Contain("layer norm").And.Contain("planted.safetensors"));
        foreach (string extension in new[] { ".safetensors", ".json", ".png" })
            Assert.That(File.Exists(model + extension), model + extension);
        Assert.That(Directory.GetFiles(Path.GetDirectoryName(model)!, "*.tmp"), Is.Empty, "no temporary file survives");

        (code, _, stderr) = CliTests.Run("evaluate", "--model", model, "--dataset", data, "--device", "cpu", "--json", evaluateJson);
        Assert.That(code, Is.Zero, stderr);
        using var trained = JsonDocument.Parse(File.ReadAllText(trainJson));
        using var evaluated = JsonDocument.Parse(File.ReadAllText(evaluateJson));
        var final = trained.RootElement.GetProperty("final");
        foreach (string split in new[] { "train", "validation", "test" })
            Assert.That(evaluated.RootElement.GetProperty(split).GetDouble(), Is.EqualTo(final.GetProperty(split).GetDouble()), split);
    }

    [Test]
    public void A_partition_cache_is_written_once_then_reused_with_the_same_result()
    {
        string cache = Path.Combine(dir, "planted.part.npy"), data = PlantedDirectory();
        string[] args = ["train", "--dataset", data, "--device", "cpu", "--parts", "8", "--clusters-per-batch", "2", "--hidden", "8",
            "--epochs", "2", "--eval-every", "2", "--partition-cache", cache];
        var (code, first, stderr) = CliTests.Run(args);
        Assert.That(code, Is.Zero, stderr);
        Assert.That(first, Does.Not.Contain("cached in"));
        Assert.That(File.Exists(cache) && File.Exists(cache + ".json"), "the partition and its manifest are saved");

        (code, var second, stderr) = CliTests.Run(args);
        Assert.That(code, Is.Zero, stderr);
        Assert.That(second, Does.Contain($"cached in {cache}"));
        string Final(string stdout) => stdout.Split('\n').Single(l => l.StartsWith("final", StringComparison.Ordinal));
        Assert.That(Final(second), Is.EqualTo(Final(first)), "the cached partition trains the same model");
    }

    [Test]
    public void On_the_tiny_preset_graphsage_beats_an_mlp_on_the_same_features()
    {
        double Test(string model)
        {
            string json = Path.Combine(dir, model + ".json");
            var (code, _, stderr) = CliTests.Run("train", "--synthetic", "tiny", "--device", "cpu", "--model", model, "--hidden", "32",
                "--epochs", "20", "--eval-every", "5", "--lr", "0.01", "--json", json);
            Assert.That(code, Is.Zero, stderr);
            using var report = JsonDocument.Parse(File.ReadAllText(json));
            return report.RootElement.GetProperty("final").GetProperty("test").GetDouble();
        }

        double sage = Test("sage"), mlp = Test("mlp");
        // The tiny preset's features alone classify ~60% of nodes (docs/generator.md); neighbourhoods ~80%.
        Assert.That(mlp, Is.InRange(0.4, 0.75), "the MLP learns from the features");
        Assert.That(sage, Is.GreaterThan(mlp + 0.1), $"sage {sage}, mlp {mlp}");
    }

    [Test]
    public void Without_a_dataset_it_trains_on_a_built_in_synthetic_graph()
    {
        var (code, stdout, stderr) = CliTests.Run("train", "--synthetic", "tiny", "--device", "cpu", "--epochs", "2", "--eval-every", "1", "--hidden", "16");
        Assert.That(code, Is.Zero, stderr);
        Assert.That(stdout, Does.Contain("dataset: tiny: 2,000 nodes").And.Contain("training: 20 clusters").And.Contain("final (accuracy, epoch"));
    }

    [TestCase("--synthetic", "huge", "'huge'")]
    [TestCase("--preprocess", "rownorm", "--preprocess and --store apply to --dataset PATH only")]
    public void Bad_synthetic_options_are_one_line_and_exit_2(string option, string value, string fragment)
    {
        var (code, _, stderr) = CliTests.Run("train", "--device", "cpu", option, value);
        AssertOneLineError(code, stderr, fragment);
    }

    [Test]
    public void Without_validation_nodes_the_last_evaluation_is_kept_and_the_report_has_no_validation_score()
    {
        string json = Path.Combine(dir, "report.json");
        var (code, _, stderr) = CliTests.Run("train", "--dataset", PlantedDirectory(withValidation: false), "--device", "cpu",
            "--parts", "4", "--epochs", "2", "--eval-every", "1", "--json", json);
        Assert.That(code, Is.Zero, stderr);
        using var report = JsonDocument.Parse(File.ReadAllText(json));
        var final = report.RootElement.GetProperty("final");
        Assert.That(final.GetProperty("validation").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(final.GetProperty("test").GetDouble(), Is.GreaterThan(0));
        Assert.That(report.RootElement.GetProperty("model").GetProperty("architecture").GetString(), Is.EqualTo("sage"));
    }

    [Test]
    public void Help_lists_the_options()
    {
        var (code, stdout, _) = CliTests.Run("train", "--help");
        Assert.That(code, Is.Zero);
        Assert.That(stdout, Does.Contain("--clusters-per-batch").And.Contain("--patience").And.Contain("--json"));
    }

    [TestCase("--bogus", "1", "unknown option --bogus")]
    [TestCase("--parts", "481", "--parts 481 exceeds the 480 nodes of planted")]
    [TestCase("--model", "gat", "--model 'gat' is not sage, gcn or mlp")]
    [TestCase("--dropout", "1", "--dropout 1 is outside")]
    [TestCase("--normalization", "l2", "--normalization 'l2' is not sym, mean or diag")]
    [TestCase("--synthetic", "small", "give --dataset PATH or --synthetic PRESET, not both")]
    [TestCase("--seed", "-1", "--seed '-1' is not a non-negative integer")]
    public void Bad_options_are_one_line_and_exit_2(string option, string value, string fragment)
    {
        var (code, _, stderr) = CliTests.Run("train", "--dataset", PlantedDirectory(), "--device", "cpu", "--epochs", "1", option, value);
        AssertOneLineError(code, stderr, fragment);
    }

    [Test]
    public void A_dataset_without_a_training_split_or_a_missing_one_is_one_line_and_exit_2()
    {
        var (code, _, stderr) = CliTests.Run("train", "--dataset", PlantedDirectory(withSplit: false), "--device", "cpu");
        AssertOneLineError(code, stderr, "the dataset has no training nodes");
        (code, _, stderr) = CliTests.Run("train", "--dataset", Path.Combine(dir, "missing"), "--device", "cpu");
        AssertOneLineError(code, stderr, "missing");
    }

    [Test]
    public void Cuda_without_a_gpu_is_one_line_and_exit_2()
    {
        if (ComputeDevice.Discover().Any(d => d.Kind == "cuda")) Assert.Ignore("this machine has a CUDA device.");
        var (code, _, stderr) = CliTests.Run("train", "--dataset", PlantedDirectory(), "--device", "cuda", "--epochs", "1");
        AssertOneLineError(code, stderr, "--device cuda: no CUDA device found");
    }

    private static void AssertOneLineError(int code, string stderr, string fragment)
    {
        Assert.That(code, Is.EqualTo(2), stderr);
        Assert.That(stderr.TrimEnd().Split('\n'), Has.Length.EqualTo(1), stderr);
        Assert.That(stderr, Does.StartWith("error: ").And.Contain(fragment));
    }
}
