using System.Diagnostics;
using System.Globalization;
using ClusterGcn.Engine.Core.Datasets.Synthetic;

namespace ClusterGcn.Engine.Cli.Commands;

/// <summary><c>cgcn generate</c>: writes a seeded synthetic dataset as a directory of <c>.npy</c> files, or measures
/// how much its graph matters, and reports the seconds and the peak memory.</summary>
public static class GenerateCommand
{
    private const string Help = """
        usage: cgcn generate --preset NAME (--out DIR | --probe) [--seed S] [options]

        Generates a seeded node-classification dataset: a degree-corrected stochastic block model with power-law
        degrees whose classes are made of several communities, noisy class-correlated features, and a random
        66/10/24 train/val/test split. Same preset and seed, same bytes.

          --preset NAME   tiny (2K nodes), small (20K nodes), medium (233K nodes, average degree 50, 602 features,
                          41 classes), reddit (233K nodes, 114.6M stored edges, 602 features, 41 classes),
                          products (2.45M nodes, 123.7M stored edges, 100 features, 47 classes)
          --seed S        seed of every random choice; default 1
          --out DIR       write edge_index.npy (int64 [2, E], both directions), x.npy (float32 [N, F]), y.npy
                          (int64 [N]), train_mask.npy, val_mask.npy, test_mask.npy (bool [N]) and meta.json;
                          the directory is created if missing, files of these names in it are replaced
          --probe         also measure, in memory, how much the graph matters: the nearest-class-centroid test
                          accuracy on the features and on neighbourhood means, and the edge homophily
          --threads T     worker threads, 0 = one per core; never changes the result; default 0
          --json FILE     also write the report as JSON (atomically)
        """;

    /// <summary>Runs the verb.</summary>
    public static int Run(IReadOnlyList<string> args, TextWriter stdout)
    {
        var line = CommandLine.Parse("generate", args, ["preset", "seed", "out", "threads", "json"], ["probe"]);
        if (line.HelpRequested) { stdout.WriteLine(Help); return 0; }

        var total = Stopwatch.StartNew();
        var preset = SyntheticPreset.Parse(line.String("preset") ?? throw new UserError("generate: --preset NAME is required."));
        ulong seed = line.ULong("seed", 1);
        int threads = line.Int("threads", 0, 0, 1024);
        string? output = line.String("out"), json = line.String("json");
        bool probe = line.Has("probe");
        if (output is null && !probe) throw new UserError("generate: give --out DIR, --probe, or both.");

        SyntheticCounts? counts = null;
        double? writeSeconds = null;
        if (output is not null)
        {
            var clock = Stopwatch.StartNew();
            counts = SyntheticDataset.Write(preset, seed, output, threads);
            writeSeconds = clock.Elapsed.TotalSeconds;
            stdout.WriteLine($"wrote {output}: {preset.Name}, seed {seed}: {counts.Nodes:N0} nodes, {counts.Edges:N0} stored edges, " +
                $"{counts.Features} features, {counts.Classes} classes, train/val/test {counts.Train:N0}/{counts.Validation:N0}/{counts.Test:N0} " +
                $"({writeSeconds:F2} s)");
        }
        CentroidProbeResult? probeResult = null;
        double? probeSeconds = null;
        if (probe)
        {
            var clock = Stopwatch.StartNew();
            using var data = SyntheticDataset.Create(preset, seed, threads);
            probeResult = CentroidProbe.Measure(data, threads);
            probeSeconds = clock.Elapsed.TotalSeconds;
            stdout.WriteLine($"probe: nearest-class-centroid test accuracy {100 * probeResult.FeatureAccuracy:F1}% on features, " +
                $"{100 * probeResult.NeighbourhoodAccuracy:F1}% on neighbourhood means; edge homophily {probeResult.EdgeHomophily:F3} ({probeSeconds:F2} s)");
        }

        double peakMB;
        peakMB = ProcessMemory.PeakWorkingSetMB();
        stdout.WriteLine($"seconds: total {total.Elapsed.TotalSeconds:F2}; peak memory: {peakMB:F0} MB working set");
        if (json is not null)
            JsonReport.Write(json, new Report(preset.Name, seed, output, counts, probeResult, writeSeconds, probeSeconds, total.Elapsed.TotalSeconds, peakMB));
        return 0;
    }

    internal sealed record Report(
        string Preset, ulong Seed, string? Out, SyntheticCounts? Counts, CentroidProbeResult? Probe,
        double? WriteSeconds, double? ProbeSeconds, double TotalSeconds, double PeakWorkingSetMB);
}
