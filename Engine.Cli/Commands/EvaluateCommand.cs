using System.Diagnostics;
using ClusterGcn.Engine.Core.Datasets;
using ClusterGcn.Engine.Core.Datasets.Synthetic;
using ClusterGcn.Engine.Core.Serving;

namespace ClusterGcn.Engine.Cli.Commands;

/// <summary><c>cgcn evaluate</c>: loads a saved model and a dataset, runs layer-wise full-neighbourhood inference and
/// prints the accuracy (micro-F1 for multi-label models) on the train, validation and test nodes.</summary>
public static class EvaluateCommand
{
    private const string Help = """
        usage: cgcn evaluate --model M [--dataset PATH | --synthetic PRESET] [--device KIND] [--json FILE]

        Loads the model M (M.json + M.safetensors, as 'cgcn train --model-out M' writes them), opens the dataset with
        the feature preprocessing the model was trained with, runs full-neighbourhood inference layer by layer and
        prints the accuracy (micro-F1 for multi-label models) on the train, validation and test nodes.

          --model M            the model, with or without the .json/.safetensors extension (required)
          --dataset PATH       a dataset directory or file any reader accepts
          --synthetic PRESET   the built-in synthetic graph 'cgcn train' uses (seed 1): tiny, small, medium, reddit or
                               products; without --dataset: medium
          --store DIR          where the processed store of --dataset lives (default: processed/ next to it)
          --device KIND        auto (default), cuda, opencl, cpu or ilgpu-cpu
          --json FILE          also write the scores and timings as JSON (atomically)
        """;

    /// <summary>Runs the verb.</summary>
    public static int Run(IReadOnlyList<string> args, TextWriter stdout)
    {
        var line = CommandLine.Parse("evaluate", args, ["model", .. DataOptions, "json"], []);
        if (line.HelpRequested) { stdout.WriteLine(Help); return 0; }
        string model = Required(line, "evaluate", "model");
        string? json = line.String("json");

        var clock = Stopwatch.StartNew();
        using var predictor = Open(stdout, line, "evaluate", model);
        double loadSeconds = clock.Elapsed.TotalSeconds;
        clock.Restart();
        var scores = predictor.Evaluate();
        double inferenceSeconds = clock.Elapsed.TotalSeconds;

        stdout.WriteLine($"{scores.Metric}: train {scores.Train:F4}, validation {scores.Validation:F4}, test {scores.Test:F4}");
        stdout.WriteLine($"seconds: load {loadSeconds:F3}, inference {inferenceSeconds:F3}; peak memory {ProcessMemory.PeakWorkingSetMB():F0} MB working set");
        if (json is not null)
            JsonReport.Write(json, new Report(model, predictor.Config.ArchitectureName, predictor.Dataset.Name, predictor.Device.Kind, scores.Metric,
                scores.Train, scores.Validation, scores.Test, loadSeconds, inferenceSeconds, ProcessMemory.PeakWorkingSetMB()));
        return 0;
    }

    /// <summary>The options of both verbs that choose the dataset and the device.</summary>
    internal static readonly string[] DataOptions = ["dataset", "synthetic", "store", "device"];

    /// <summary>Loads the model, the device and the dataset the options name, and prints one line about each.</summary>
    internal static GnnPredictor Open(TextWriter stdout, CommandLine line, string verb, string model)
    {
        string? path = DatasetChoice.Path(line, verb);
        if (path is null && line.Has("store")) throw new UserError($"{verb}: --store applies to --dataset PATH only.");
        var predictor = GnnPredictor.Load(model, config =>
        {
            if (path is null && config.FeaturePreprocessing != FeaturePreprocessing.None)
                throw new UserError($"{verb}: the model was trained on {config.FeaturePreprocessing} features; the synthetic graphs have raw ones (give --dataset).");
            return DatasetChoice.Open(line, config.FeaturePreprocessing);
        }, line.String("device", "auto")!);
        var config = predictor.Config;
        string trained = config.Training is { } t ? $", trained {t.Epoch} epochs with seed {t.Seed}" : "";
        stdout.WriteLine($"model: {model}: {config.Summary}{trained}");
        var data = predictor.Dataset;
        stdout.WriteLine($"dataset: {data.Name}: {data.NodeCount:N0} nodes, {data.EntryCount / 2:N0} edges, {data.FeatureCount:N0} features; device {predictor.Device.Kind} ({predictor.Device.Name})");
        return predictor;
    }

    /// <summary>The value of a required option.</summary>
    internal static string Required(CommandLine line, string verb, string name) =>
        line.String(name) ?? throw new UserError($"{verb}: --{name} is required (try 'cgcn {verb} --help').");

    internal sealed record Report(string Model, string Architecture, string Dataset, string Device, string Metric,
        double Train, double Validation, double Test, double LoadSeconds, double InferenceSeconds, double PeakWorkingSetMB);
}
