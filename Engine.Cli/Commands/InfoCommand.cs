using System.Diagnostics;
using System.Globalization;
using ClusterGcn.Engine.Core.Datasets;

namespace ClusterGcn.Engine.Cli.Commands;

/// <summary><c>cgcn info</c>: opens a dataset through its processed store (building the store on first use) and
/// reports its counts, degrees, features, labels, split, the memory training it needs, and what the load cost.</summary>
public static class InfoCommand
{
    private const double MB = 1 << 20;

    private const string Help = """
        usage: cgcn info DATASET [--preprocess none|rownorm|standardize] [--store DIR | --no-store] [--json FILE]

        DATASET is a directory or file in any layout the engine reads: the plain-text layout (edges.tsv.gz,
        labels.txt, ...), a directory of .npy files (edge_index, x, y, *_mask), an .npz archive, PyG's raw Reddit
        files, OGB's raw layout, or a processed store. The first load writes the processed store; later loads
        memory-map it.

        options:
          --preprocess P   feature preprocessing the store holds: none (default), rownorm, standardize
          --split K        which split of splits/*_K.txt to use (default 0)
          --store DIR      keep processed stores under DIR/<dataset>/<preprocessing> instead of processed/ beside the source
          --no-store       parse the source into memory; write no store
          --json FILE      also write the report as JSON (atomically)
        """;

    /// <summary>Runs the verb.</summary>
    public static int Run(IReadOnlyList<string> args, TextWriter stdout)
    {
        string? positional = args.Count > 0 && !args[0].StartsWith('-') ? args[0] : null;
        var line = CommandLine.Parse("info", positional is null ? args : args.Skip(1).ToArray(),
            ["dataset", "preprocess", "split", "store", "json"], ["no-store"]);
        if (line.HelpRequested) { stdout.WriteLine(Help); return 0; }
        if (positional is not null && line.Has("dataset")) throw new UserError("info: give the dataset once (DATASET or --dataset PATH).");
        string path = positional ?? line.String("dataset") ?? throw new UserError("info: a DATASET path is required (try 'cgcn info --help').");
        if (line.Has("store") && line.Has("no-store")) throw new UserError("info: --store and --no-store contradict each other.");
        var options = new DatasetOptions
        {
            Preprocessing = FeaturePreprocessingNames.Parse(line.String("preprocess", "none")!),
            SplitIndex = line.Int("split", 0, 0),
            StoreDirectory = line.String("store"),
            UseStore = !line.Has("no-store"),
        };

        string? manifest = options.UseStore ? Path.Combine(DatasetReader.StoreLocation(path, options), "manifest.json") : null;
        DateTime? storedBefore = manifest is not null && File.Exists(manifest) ? File.GetLastWriteTimeUtc(manifest) : null;
        var clock = Stopwatch.StartNew();
        using var data = DatasetReader.Open(path, options);
        double loadSeconds = clock.Elapsed.TotalSeconds;
        long heapBytes = GC.GetTotalMemory(forceFullCollection: true);
        bool converted = data.StorePath is not null
            && (storedBefore is not { } before || File.GetLastWriteTimeUtc(Path.Combine(data.StorePath, "manifest.json")) != before);
        string load = data.StorePath is null ? "parsed into memory (no store)" : converted ? "converted into the store" : "mapped from the store";
        long storeBytes = data.StorePath is null ? 0 : Directory.GetFiles(data.StorePath).Sum(f => new FileInfo(f).Length);

        clock.Restart();
        var summary = DatasetSummary.Of(data);
        double summarySeconds = clock.Elapsed.TotalSeconds;
        var report = new Report(summary, path, data.StorePath, FeaturePreprocessingNames.Name(options.Preprocessing), load,
            loadSeconds, heapBytes / MB, storeBytes / MB, converted ? storeBytes / MB / loadSeconds : null,
            summarySeconds, ProcessMemory.PeakWorkingSetMB());
        Print(stdout, report);
        if (line.String("json") is { } json) JsonReport.Write(json, report);
        return 0;
    }

    private static void Print(TextWriter o, Report r)
    {
        var s = r.Summary;
        string Percent(long part, long whole) => whole == 0 ? "0%" : (100.0 * part / whole).ToString("F1", CultureInfo.InvariantCulture) + "%";
        o.WriteLine($"dataset: {s.Name} ({r.Path}), preprocessing {r.Preprocessing}");
        o.WriteLine($"load: {r.Load} in {r.LoadSeconds:F3} s{(r.ConversionMBPerSecond is { } speed ? $" ({r.StoreMB:F0} MB written, {speed:F0} MB/s)" : "")}; managed heap after it {r.ManagedHeapMB:F1} MB");
        if (r.Store is not null) o.WriteLine($"store: {r.Store} ({r.StoreMB:F0} MB)");
        o.WriteLine($"graph: {s.Nodes:N0} nodes, {s.Edges:N0} undirected edges ({2 * s.Edges:N0} stored entries)");
        var d = s.Degrees;
        o.WriteLine($"degree: min {d.Min}, mean {d.Mean:F2}, median {d.Median:F1}, max {d.Max}; {d.Isolated:N0} isolated nodes");
        var f = s.Features;
        o.WriteLine($"features: {f.Count:N0} per node, values in [{f.Min:G4}, {f.Max:G4}], mean {f.Mean:G4}, {100 * f.NonZeroFraction:F2}% non-zero, {f.ZeroRows:N0} all-zero rows");
        var l = s.Labels;
        long labelled = l.MultiLabel ? s.Nodes : s.Nodes - l.Unlabeled;
        o.WriteLine($"labels: {l.Classes} classes, {(l.MultiLabel ? "multi-label" : "single-label")}{(l.MultiLabel ? "" : $", {l.Unlabeled:N0} unlabeled")}");
        o.WriteLine($"  per class: {string.Join(", ", l.PerClass.Select((count, c) => $"{c}: {count:N0} ({Percent(count, labelled)})"))}");
        var p = s.Split;
        o.WriteLine($"split: train {p.Train:N0}, validation {p.Validation:N0}, test {p.Test:N0}, in none {p.None:N0}");
        var m = s.Memory;
        o.WriteLine($"memory for training (hidden {m.Hidden}): dataset arrays {m.Dataset / MB:F0} MB ({(r.Store is null ? "managed" : "memory-mapped")}), partitioning {m.Partitioning / MB:F0} MB, inference {m.Inference / MB:F0} MB; total {m.Total / MB:F0} MB");
        o.WriteLine($"process: summary took {r.SummarySeconds:F2} s; peak working set {r.PeakWorkingSetMB:F0} MB");
    }

    internal sealed record Report(DatasetSummary Summary, string Path, string? Store, string Preprocessing, string Load,
        double LoadSeconds, double ManagedHeapMB, double StoreMB, double? ConversionMBPerSecond, double SummarySeconds, double PeakWorkingSetMB);
}
