using System.Diagnostics;
using ClusterGcn.Engine.Core.Checkpoints;
using ClusterGcn.Engine.Core.Datasets;
using ClusterGcn.Engine.Core.Datasets.Synthetic;
using ClusterGcn.Engine.Core.Devices;
using ClusterGcn.Engine.Core.Inference;
using ClusterGcn.Engine.Core.Models;
using ClusterGcn.Engine.Core.Reporting;
using ClusterGcn.Engine.Core.Training;
using ClusterGcn.Engine.Partitioning.Randomness;

namespace ClusterGcn.Engine.Cli.Commands;

/// <summary><c>cgcn train</c>: trains a GraphSAGE or GCN model with Cluster-GCN on a dataset, logs every epoch,
/// scores every split with layer-wise inference and reports accuracy, time and memory.</summary>
public static class TrainCommand
{
    private const string Help = """
        usage: cgcn train [--dataset PATH | --synthetic PRESET] [options]

        Partitions the graph into K clusters, trains on batches of Q clusters (the subgraph they induce) with Adam,
        and every few epochs scores train/validation/test with full-neighbourhood layer-wise inference, keeping the
        weights with the best validation score. Defaults are PyTorch Geometric's Cluster-GCN Reddit recipe.

        data and device:
          --dataset PATH          a dataset directory in any layout 'cgcn info' reads
          --synthetic PRESET      train on a built-in synthetic graph generated in memory (seed 1, no download):
                                  tiny, small, medium, reddit or products; without --dataset: medium (seed 1;
                                  --seed varies the training, not the data)
          --preprocess P          none (default), rownorm (rows sum to 1) or standardize (train-node statistics)
          --store DIR             where the processed store lives (default: processed/ next to the dataset)
          --device D              auto (default), cuda, opencl, cpu or ilgpu-cpu

        model:
          --model M               sage (default), gcn, or mlp (features only: the baseline that shows what the
                                  graph adds)
          --hidden H              hidden width; default 128
          --layers L              graph convolutions; default 2
          --dropout P             dropout on every layer's input while training, [0, 1); default 0.5
          --residual              add each hidden layer's input to its output
          --layer-norm            normalise each hidden layer's output (PyTorch's LayerNorm) before its ReLU
          --normalization N       gcn only: sym (default; (D+I)^-1/2 (A+I) (D+I)^-1/2), mean (D^-1 A) or diag
                                  ((D+I)^-1 (A+I) + lambda diag, Cluster-GCN's diagonal enhancement)
          --diag-lambda X         lambda of --normalization diag; default 0

        training:
          --parts K               clusters; default 1500, or N/100 when the graph has fewer than 150,000 nodes;
                                  1 = full-graph training
          --clusters-per-batch Q  clusters per batch; default 20
          --epochs E              default 30
          --lr X                  Adam learning rate; default 0.005
          --weight-decay X        Adam L2 penalty; default 0
          --decay-first-layer     apply the weight decay to the first layer only (Kipf and Welling's GCN)
          --eval-every N          evaluate every N epochs and after the last; default 5
          --patience N            stop after N evaluations without a better validation score; default 0 = never
          --seed S                seeds the model, the partition, the batches and dropout; default 1
          --partition-cache FILE  reuse the partition cached in FILE (.npy + .json) when it fits the graph, k, seed
                                  and imbalance, else save it there; default: in the dataset's processed store

        output:
          --model-out FILE        save the best-validation model as FILE.safetensors + FILE.json whenever it improves
                                  (atomically: Ctrl+C leaves the last good one), and the training curve as FILE.png
          --json FILE             write the report (accuracies, seconds per epoch, inference, partition, cut, peak RSS)
        """;

    private const int DefaultParts = 1500, NodesPerDefaultPart = 100;

    /// <summary>Runs the verb. Ctrl+C stops training after the current step; the report then covers the epochs run.</summary>
    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        var line = CommandLine.Parse("train", args,
            ["dataset", "synthetic", "preprocess", "store", "device", "model", "hidden", "layers", "dropout", "normalization", "diag-lambda", "parts",
             "clusters-per-batch", "epochs", "lr", "weight-decay", "eval-every", "patience", "seed", "partition-cache", "model-out", "json"],
            ["residual", "layer-norm", "decay-first-layer"]);
        if (line.HelpRequested) { stdout.WriteLine(Help); return 0; }

        var total = Stopwatch.StartNew();
        string? dataPath = DatasetChoice.Path(line, "train");
        if (dataPath is null && (line.Has("preprocess") || line.Has("store")))
            throw new UserError("train: --preprocess and --store apply to --dataset PATH only.");
        var preprocessing = FeaturePreprocessingNames.Parse(line.String("preprocess", "none")!);
        var architecture = line.String("model", "sage") switch
        {
            "sage" => GnnArchitecture.Sage,
            "gcn" => GnnArchitecture.Gcn,
            "mlp" => GnnArchitecture.Mlp,
            var other => throw new UserError($"train: --model '{other}' is not sage, gcn or mlp."),
        };
        var normalization = line.String("normalization", "sym") switch
        {
            "sym" => GcnNormalization.Symmetric,
            "mean" => GcnNormalization.Mean,
            "diag" => GcnNormalization.DiagonalEnhancement,
            var other => throw new UserError($"train: --normalization '{other}' is not sym, mean or diag."),
        };
        ulong seed = line.ULong("seed", 1);
        int hidden = line.Int("hidden", 128, 1, 1 << 16), layers = line.Int("layers", 2, 1, 64);
        float dropout = (float)line.Double("dropout", 0.5, 0, 0.999), lambda = (float)line.Double("diag-lambda", 0, 0, 1e6);
        string? json = line.String("json"), modelOut = line.String("model-out");
        var clock = Stopwatch.StartNew();
        using var dataset = DatasetChoice.Open(line, preprocessing);
        double loadSeconds = clock.Elapsed.TotalSeconds;

        int parts = line.Has("parts")
            ? line.Int("parts", DefaultParts, 1)
            : Math.Clamp(dataset.NodeCount / NodesPerDefaultPart, 1, DefaultParts);
        var options = new TrainingOptions(parts, line.Int("clusters-per-batch", 20, 1), line.Int("epochs", 30, 1, 1_000_000),
            (float)line.Double("lr", 0.005, 1e-12, 10), (float)line.Double("weight-decay", 0, 0, 10), line.Int("eval-every", 5, 1),
            line.Int("patience", 0, 0), seed, DecayFirstLayerOnly: line.Has("decay-first-layer"),
            PartitionCache: line.String("partition-cache") ?? (dataset.StorePath is { } store && parts > 1 ? Path.Combine(store, $"partition-k{parts}-seed{seed}.npy") : null));
        options.Validate(dataset);
        var spec = new ModelSpec(architecture, dataset.FeatureCount, hidden, dataset.Labels.ClassCount, layers, dropout,
            line.Has("residual"), dataset.Labels.IsMultiLabel, normalization, lambda, line.Has("layer-norm"));
        spec.Validate();

        using var device = ComputeDevice.Open(line.String("device", "auto")!);
        stdout.WriteLine($"dataset: {dataset.Name}: {dataset.NodeCount:N0} nodes, {dataset.EntryCount / 2:N0} edges, {dataset.FeatureCount} features, " +
            $"{dataset.Labels.ClassCount} classes{(dataset.Labels.IsMultiLabel ? " (multi-label)" : "")} ({loadSeconds:F2} s to load)");
        stdout.WriteLine($"device: {device.Kind} ({device.Name})");
        stdout.WriteLine($"model: {layers}-layer {architecture.ToString().ToLowerInvariant()}, hidden {hidden}, dropout {dropout}" +
            (architecture == GnnArchitecture.Gcn ? $", normalization {line.String("normalization", "sym")}" : "") + (spec.Residual ? ", residual" : "") + (spec.LayerNorm ? ", layer norm" : ""));
        stdout.WriteLine($"training: {parts} clusters, {options.ClustersPerBatch} per batch, {options.Epochs} epochs, lr {options.LearningRate}, " +
            $"weight decay {options.WeightDecay}{(options.DecayFirstLayerOnly ? " (first layer)" : "")}, seed {seed}");

        using var model = new GnnModel(device, spec, SplitMix64.Derive(seed, 0x30DE1));
        using var cancel = new CancellationTokenSource();
        // The first Ctrl+C stops after the current step and still reports; a second one ends the process at once.
        ConsoleCancelEventHandler onCtrlC = (_, e) =>
        {
            e.Cancel = !cancel.IsCancellationRequested;
            cancel.Cancel();
        };
        Console.CancelKeyPress += onCtrlC;
        var bar = new ProgressBar(stderr);
        TrainingResult result;
        try
        {
            result = new ClusterGcnTrainer(options).Train(model, dataset, bar.Draw, epoch =>
            {
                bar.Clear();
                stdout.WriteLine(EpochLine(epoch));
                if (modelOut is not null && epoch.IsBest)
                    Checkpoint.Save(modelOut, new ModelConfig(spec, preprocessing, new TrainingInfo(epoch.Epoch, seed, epoch.Metrics!.Validation, dataset.Name)),
                        ModelWeights.Of(model));
            }, cancel.Token);
        }
        finally
        {
            Console.CancelKeyPress -= onCtrlC;
            bar.Clear();
        }

        var metrics = result.Metrics;
        if (modelOut is not null)
        {
            string curve = TrainingCurveChart.FileFor(modelOut);
            TrainingCurveChart.Save(curve, [.. result.Epochs.Select(TrainingCurvePoint.Of)], spec.MultiLabel ? "MICRO-F1" : "ACCURACY");
            stdout.WriteLine(result.Best is null
                ? $"model: none saved (no evaluation ran); training curve {curve}"
                : $"model: {Checkpoint.Stem(modelOut)}.safetensors + .json (epoch {result.Best.Epoch}); training curve {curve}");
        }
        double peakRssMB = ProcessMemory.PeakWorkingSetMB();
        stdout.WriteLine($"partition: {(result.PartitionCached ? $"cached in {options.PartitionCache}, " : "")}{result.PartitionSeconds:F2} s, edge cut {result.EdgeCut:N0} ({100 * (1 - result.KeptEdgeFraction):F2}% of the edges)");
        stdout.WriteLine($"time: {result.SecondsPerEpoch:F3} s per epoch, inference {result.InferenceSeconds:F3} s, total {total.Elapsed.TotalSeconds:F1} s");
        stdout.WriteLine(metrics is null
            ? $"stopped: {result.Stop.ToString().ToLowerInvariant()} before any evaluation"
            : $"final ({metrics.Metric}, epoch {result.Best!.Epoch}): train {metrics.Train:F4}, val {metrics.Validation:F4}, test {metrics.Test:F4}" +
              (result.Stop == TrainingStop.Completed ? "" : $" ({result.Stop.ToString().ToLowerInvariant()})"));
        stdout.WriteLine($"peak memory: {peakRssMB:F0} MB RSS");
        if (json is not null)
            JsonReport.Write(json, new Report(dataset.Name, dataset.NodeCount, dataset.EntryCount / 2, device.Kind, device.Name,
                ModelReport.Of(spec), options, result.Stop.ToString().ToLowerInvariant(), result.Best?.Epoch, Scores.Of(metrics),
                result.SecondsPerEpoch, result.InferenceSeconds, result.PartitionSeconds, result.EdgeCut, result.KeptEdgeFraction,
                loadSeconds, total.Elapsed.TotalSeconds, peakRssMB,
                [.. result.Epochs.Select(e => new EpochReport(e.Epoch, e.Loss, e.TrainSeconds, e.NodesPerSecond, e.Steps, Scores.Of(e.Metrics), e.EvalSeconds, e.IsBest))]));
        return 0;
    }

    private static string EpochLine(EpochLog e)
    {
        string line = $"epoch {e.Epoch,4}  loss {e.Loss:F4}  {e.TrainSeconds,7:F2} s  {e.NodesPerSecond,12:N0} nodes/s";
        if (e.Metrics is { } m)
            line += $"  train {m.Train:F4}  val {m.Validation:F4}  test {m.Test:F4}  (eval {e.EvalSeconds:F2} s){(e.IsBest ? " *" : "")}";
        return line;
    }

    /// <summary>One line on stderr redrawn in place (only on an interactive console, so logs and tests stay clean):
    /// epoch, step, loss so far and throughput, at most five times a second.</summary>
    private sealed class ProgressBar(TextWriter stderr)
    {
        private const int Width = 30;
        private readonly bool enabled = ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected;
        private readonly Stopwatch sinceDrawn = Stopwatch.StartNew();
        private bool drawn;

        public void Draw(TrainingProgress p)
        {
            if (!enabled || (sinceDrawn.ElapsedMilliseconds < 200 && p.Step != p.Steps)) return;
            int filled = p.Steps == 0 ? Width : Width * p.Step / p.Steps;
            stderr.Write($"\repoch {p.Epoch}/{p.Epochs} [{new string('#', filled)}{new string('.', Width - filled)}] " +
                $"{p.Step}/{p.Steps}  loss {p.Loss:F4}  {p.NodesPerSecond:N0} nodes/s ");
            drawn = true;
            sinceDrawn.Restart();
        }

        public void Clear()
        {
            if (!drawn) return;
            stderr.Write($"\r{new string(' ', 100)}\r");
            drawn = false;
        }
    }

    internal sealed record Report(
        string Dataset, int Nodes, long Edges, string Device, string DeviceName, ModelReport Model, TrainingOptions Training,
        string Stop, int? BestEpoch, Scores? Final, double SecondsPerEpoch, double InferenceSeconds, double PartitionSeconds,
        long EdgeCut, double KeptEdgeFraction, double LoadSeconds, double TotalSeconds, double PeakRssMB, IReadOnlyList<EpochReport> Epochs);

    // Enums as the options spell them, and NaN scores (a split without nodes) as null: JSON has no NaN.
    internal sealed record ModelReport(string Architecture, int InputFeatures, int Hidden, int Classes, int Layers, float Dropout,
        bool Residual, bool LayerNorm, bool MultiLabel, string? Normalization, float DiagonalLambda)
    {
        public static ModelReport Of(ModelSpec spec) => new(spec.Architecture.ToString().ToLowerInvariant(), spec.InputFeatures, spec.Hidden,
            spec.Classes, spec.Layers, spec.Dropout, spec.Residual, spec.LayerNorm, spec.MultiLabel,
            spec.Architecture == GnnArchitecture.Gcn ? spec.Normalization.ToString().ToLowerInvariant() : null, spec.DiagonalLambda);
    }

    internal sealed record Scores(string Metric, double? Train, double? Validation, double? Test)
    {
        public static Scores? Of(NodeMetrics? m) => m is null ? null : new(m.Metric, Finite(m.Train), Finite(m.Validation), Finite(m.Test));

        private static double? Finite(double x) => double.IsFinite(x) ? x : null;
    }

    internal sealed record EpochReport(int Epoch, double Loss, double TrainSeconds, double NodesPerSecond, int Steps, Scores? Metrics,
        double EvalSeconds, bool IsBest);
}
