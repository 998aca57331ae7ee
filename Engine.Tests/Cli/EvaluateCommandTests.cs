using System.Text.Json;
using ClusterGcn.Engine.Core.Checkpoints;
using ClusterGcn.Engine.Core.Datasets;
using ClusterGcn.Engine.Core.Datasets.Synthetic;
using ClusterGcn.Engine.Core.Devices;
using ClusterGcn.Engine.Core.Inference;
using ClusterGcn.Engine.Core.Models;
using ClusterGcn.Engine.Tests.Training;

namespace ClusterGcn.Engine.Tests.Cli;

public sealed class EvaluateCommandTests
{
    private string dir = "";

    [SetUp]
    public void CreateDirectory() => dir = Directory.CreateTempSubdirectory("evaluate-cli-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(dir, recursive: true);

    /// <summary>A 120-node planted dataset (16 features, 4 classes) written as plain text in <c>data/</c> and a seeded
    /// model of <paramref name="spec"/> saved as <c>m</c>.</summary>
    internal static void SaveDatasetAndModel(string dir, ModelSpec spec)
    {
        using var dataset = PlantedDataset.Create(groups: 4, groupSize: 30);
        PlainTextWriter.Write(dataset, Path.Combine(dir, "data"));
        using var device = ComputeDevice.Open("cpu");
        using var model = new GnnModel(device, spec, seed: 9);
        Checkpoint.Save(Path.Combine(dir, "m"), new ModelConfig(spec, Training: new TrainingInfo(30, 1)), ModelWeights.Of(model));
    }

    [Test]
    public void Scores_a_saved_model_as_the_in_memory_one_scored()
    {
        var spec = new ModelSpec(GnnArchitecture.Sage, 16, 8, 4);
        SaveDatasetAndModel(dir, spec);
        NodeMetrics expected;
        using (var dataset = PlantedDataset.Create(groups: 4, groupSize: 30))
        using (var device = ComputeDevice.Open("cpu"))
        using (var model = new GnnModel(device, spec, seed: 9))
        using (var evaluator = new Evaluator(model, dataset))
            expected = evaluator.Evaluate();
        string report = Path.Combine(dir, "report.json");
        var (code, stdout, stderr) = CliTests.Run("evaluate", "--model", Path.Combine(dir, "m"), "--dataset", Path.Combine(dir, "data"),
            "--device", "cpu", "--json", report);
        Assert.That(stderr, Is.Empty);
        Assert.That(code, Is.Zero, stdout);
        Assert.That(stdout, Does.Contain("2-layer sage (16 → 8 → 4), trained 30 epochs with seed 1"));
        Assert.That(stdout, Does.Contain($"accuracy: train {expected.Train:F4}, validation {expected.Validation:F4}, test {expected.Test:F4}"));

        using var json = JsonDocument.Parse(File.ReadAllText(report));
        var root = json.RootElement;
        Assert.That(root.GetProperty("metric").GetString(), Is.EqualTo("accuracy"));
        Assert.That(root.GetProperty("train").GetDouble(), Is.EqualTo(expected.Train));
        Assert.That(root.GetProperty("validation").GetDouble(), Is.EqualTo(expected.Validation));
        Assert.That(root.GetProperty("test").GetDouble(), Is.EqualTo(expected.Test));
        Assert.That(root.GetProperty("device").GetString(), Is.EqualTo("cpu"));
        Assert.That(root.GetProperty("inferenceSeconds").GetDouble(), Is.GreaterThan(0));
    }

    [Test]
    public void A_model_of_another_architecture_is_one_line_and_exit_2()
    {
        SaveDatasetAndModel(dir, new ModelSpec(GnnArchitecture.Sage, 16, 8, 4));
        SaveDatasetAndModel(Path.Combine(dir, "o"), new ModelSpec(GnnArchitecture.Gcn, 16, 8, 4));
        File.Copy(Path.Combine(dir, "o", "m.safetensors"), Path.Combine(dir, "m.safetensors"), overwrite: true);
        AssertOneLineExit2(Run("evaluate"), "m.safetensors: no tensor 'convs.0.lin_l.weight'", "another architecture");
    }

    [Test]
    public void A_corrupt_model_is_one_line_and_exit_2()
    {
        SaveDatasetAndModel(dir, new ModelSpec(GnnArchitecture.Sage, 16, 8, 4));
        string weights = Path.Combine(dir, "m.safetensors");
        File.WriteAllBytes(weights, File.ReadAllBytes(weights)[..100]);
        AssertOneLineExit2(Run("evaluate"), "m.safetensors: header length");
        File.WriteAllText(Path.Combine(dir, "m.json"), "{\"format\": \"cgcn-model\", \"version\": 1, \"model\": ");
        AssertOneLineExit2(Run("evaluate"), "m.json: corrupt model config");
    }

    [Test]
    public void Missing_options_files_and_mismatched_data_are_one_line_and_exit_2()
    {
        AssertOneLineExit2(CliTests.Run("evaluate", "--dataset", dir), "evaluate: --model is required");
        AssertOneLineExit2(CliTests.Run("evaluate", "--model", "m", "--dataset", dir, "--epochs", "3"), "unknown option --epochs");
        AssertOneLineExit2(Run("evaluate"), "m.json: no such file");
        SaveDatasetAndModel(dir, new ModelSpec(GnnArchitecture.Sage, 16, 8, 6));
        AssertOneLineExit2(Run("evaluate"), "4 classes, but the model (2-layer sage (16 → 8 → 6)) predicts 6 classes");
        SaveDatasetAndModel(dir, new ModelSpec(GnnArchitecture.Sage, 12, 8, 4));
        AssertOneLineExit2(Run("evaluate"), "16 features per node, but the model (2-layer sage (12 → 8 → 4)) takes 12");
        AssertOneLineExit2(CliTests.Run("evaluate", "--model", Path.Combine(dir, "m"), "--dataset", Path.Combine(dir, "data"), "--device", "tpu"),
            "--device tpu: unknown device");
    }

    [Test]
    public void Without_a_dataset_the_built_in_synthetic_graph_is_scored_as_train_generates_it()
    {
        using var dataset = SyntheticDataset.Create(SyntheticPreset.Tiny, seed: 1);
        var spec = new ModelSpec(GnnArchitecture.Gcn, dataset.FeatureCount, 8, dataset.Labels.ClassCount);
        using var device = ComputeDevice.Open("cpu");
        using var model = new GnnModel(device, spec, seed: 4);
        string path = Path.Combine(dir, "tiny");
        Checkpoint.Save(path, new ModelConfig(spec), ModelWeights.Of(model));
        using var evaluator = new Evaluator(model, dataset);
        var expected = evaluator.Evaluate();

        var (code, stdout, stderr) = CliTests.Run("evaluate", "--model", path, "--synthetic", "tiny", "--device", "cpu");
        Assert.That(code, Is.Zero, stderr);
        Assert.That(stdout, Does.Contain($"accuracy: train {expected.Train:F4}, validation {expected.Validation:F4}, test {expected.Test:F4}"));

        Checkpoint.Save(path, new ModelConfig(spec, FeaturePreprocessing.RowNormalize), ModelWeights.Of(model));
        AssertOneLineExit2(CliTests.Run("evaluate", "--model", path, "--synthetic", "tiny", "--device", "cpu"),
            "the model was trained on RowNormalize features; the synthetic graphs have raw ones");
        AssertOneLineExit2(CliTests.Run("evaluate", "--model", path, "--synthetic", "tiny", "--dataset", dir), "give --dataset PATH or --synthetic PRESET, not both");
        AssertOneLineExit2(CliTests.Run("evaluate", "--model", path, "--store", dir), "--store applies to --dataset PATH only");
    }

    [Test]
    public void Help_lists_the_options()
    {
        var (code, stdout, _) = CliTests.Run("evaluate", "--help");
        Assert.That(code, Is.Zero);
        Assert.That(stdout, Does.Contain("--model").And.Contain("--dataset").And.Contain("--device").And.Contain("--json"));
    }

    private (int Code, string Stdout, string Stderr) Run(string verb, params string[] more) =>
        CliTests.Run([verb, "--model", Path.Combine(dir, "m"), "--dataset", Path.Combine(dir, "data"), "--device", "cpu", .. more]);

    internal static void AssertOneLineExit2((int Code, string Stdout, string Stderr) run, params string[] fragments)
    {
        Assert.That(run.Code, Is.EqualTo(2), run.Stdout + run.Stderr);
        Assert.That(run.Stderr.TrimEnd().Split('\n'), Has.Length.EqualTo(1), run.Stderr);
        Assert.That(run.Stderr, Does.StartWith("error: "));
        foreach (string fragment in fragments) Assert.That(run.Stderr, Does.Contain(fragment));
    }
}
