using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using ClusterGcn.Engine.Core.Datasets;
using ClusterGcn.Engine.Partitioning.Generators;
using ClusterGcn.Engine.Partitioning.Graphs;
using ClusterGcn.Engine.Partitioning.IO;
using ClusterGcn.Engine.Partitioning.Multilevel;

namespace ClusterGcn.Engine.Cli.Commands;

/// <summary><c>cgcn partition</c>: reads a graph (a METIS file or a dataset's) or generates one, partitions it into k
/// blocks (or measures a gpmetis partition of it) and reports the cut, the balance, the seconds per phase and the peak
/// memory.</summary>
public static partial class PartitionCommand
{
    private const string Help = """
        usage: cgcn partition (--graph FILE | --generate NAME | --dataset PATH) [--parts K] [options]

        Partitions a graph into K blocks with the multilevel k-way partitioner and prints the edge cut, the
        imbalance, the fraction of edges kept inside blocks, the seconds per phase and the peak memory.

        input (one of):
          --graph FILE        a METIS graph file (header 'n m [fmt [ncon]]', one line of 1-based neighbours per node)
          --generate NAME     a seeded synthetic graph: sbm-100k (100K nodes, 1M edges), sbm-reddit (233K nodes,
                              57M edges), mesh2d-N (N x N grid), mesh3d-N (N x N x N grid); a mesh name ending in
                              -diag adds diagonal neighbours (mesh2d-1000-diag); planted-N (N nodes in communities of
                              256 on a ring, degree ~138: planted-17000000 has 2.3 billion entries, more than int
                              offsets hold)
          --dataset PATH      the graph of a dataset in any layout cgcn train reads, as cgcn train partitions it
          --store DIR         with --dataset: where its processed store lives (as for cgcn train)
          --graph-seed S      seed of --generate (default 1); --seed seeds the partitioner only
          --symmetrize        with --graph: accept a directed or asymmetric METIS file by adding the missing directions

        partitioning:
          --parts K           number of blocks, 1..n (required unless only --write-graph is asked for)
          --imbalance E       allowed overload ε in [0, 1): every block weighs at most (1+ε)·ceil(W/K); default 0.03
          --seed S            seed of every random choice of the partitioner; default 1
          --threads T         worker threads, 0 = one per core; never changes the result; default 0
          --lean              on power-law graphs with small blocks (k = 1500 on Reddit), a cut about 0.4% higher
                              for 1/4 of the peak memory and 1/3 of the time: what `cgcn train` does

        output:
          --out FILE          write the partition
          --format F          gpmetis: one block id per line (default); cache: FILE as .npy + FILE.json manifest
          --json FILE         also write the report as JSON (atomically)
          --cache FILE        reuse the partition cached in FILE (.npy + FILE.json) when it was made for this graph,
                              K, seed and imbalance; otherwise partition and cache the result there. A corrupt cache
                              is an error naming the file (delete it to recompute). With --dataset and --lean it is
                              the cache cgcn train --partition-cache FILE reuses for the same K and --seed
          --write-graph FILE  save the graph in METIS format (atomically), e.g. for gpmetis
          --evaluate FILE     do not partition: measure the partition in FILE (gpmetis format) with --parts K
        """;

    /// <summary>Runs the verb.</summary>
    public static int Run(IReadOnlyList<string> args, TextWriter stdout)
    {
        var line = CommandLine.Parse("partition", args,
            ["graph", "generate", "dataset", "store", "graph-seed", "parts", "imbalance", "seed", "threads", "out", "format", "json", "write-graph",
                "evaluate", "cache"],
            ["symmetrize", "lean"]);
        if (line.HelpRequested) { stdout.WriteLine(Help); return 0; }

        var total = Stopwatch.StartNew();
        var seconds = new List<KeyValuePair<string, double>>();
        T Timed<T>(string phase, Func<T> run)
        {
            var clock = Stopwatch.StartNew();
            T result = run();
            seconds.Add(new(phase, clock.Elapsed.TotalSeconds));
            return result;
        }

        string? graphFile = line.String("graph"), generate = line.String("generate"), dataset = line.String("dataset");
        if (new[] { graphFile, generate, dataset }.Count(input => input is not null) != 1)
            throw new UserError("partition: give exactly one of --graph FILE, --generate NAME and --dataset PATH.");
        if (line.Has("store") && dataset is null) throw new UserError("partition: --store applies to --dataset PATH only.");
        if (line.Has("symmetrize") && graphFile is null)
            throw new UserError("partition: --symmetrize applies to --graph FILE only (datasets and generated graphs are undirected already).");
        string format = line.String("format", "gpmetis")!;
        if (format is not ("gpmetis" or "cache")) throw new UserError($"partition: --format '{format}' is neither gpmetis nor cache.");
        int threads = line.Int("threads", 0, 0, 1024);
        int? parts = line.Has("parts") ? line.Int("parts", 0, 1) : null;
        double imbalance = line.Double("imbalance", 0.03);
        ulong seed = line.ULong("seed", 1);
        string? writeGraph = line.String("write-graph"), evaluate = line.String("evaluate"), output = line.String("out"), json = line.String("json");
        string? cache = line.String("cache");
        if (parts is null && (writeGraph is null || evaluate is not null || output is not null || json is not null || cache is not null))
            throw new UserError("partition: --parts K is required (only --write-graph alone needs no partition).");
        if (cache is not null && evaluate is not null)
            throw new UserError("partition: --cache and --evaluate exclude each other (--evaluate measures a given partition).");

        AnyCsrGraph input = graphFile is not null ? Timed("read", () => MetisGraphFile.ReadAny(graphFile, line.Has("symmetrize")))
            : dataset is not null ? Timed("read", () => ReadDataset(dataset, line.String("store")))
            : Timed("generate", () => Generate(generate!, line.ULong("graph-seed", 1), threads));
        string graphName = graphFile ?? dataset ?? generate!;
        stdout.WriteLine($"graph: {graphName}: {input.NodeCount:N0} nodes, {input.EntryCount / 2:N0} edges ({seconds[^1].Value:F2} s to {seconds[^1].Key})");
        // A graph beyond int offsets (a LargeCsrGraph) is partitioned and measured; the files that hold a whole
        // CsrGraph or its checksum are refused before any work.
        CsrGraph Csr(string option) => input.Csr
            ?? throw new UserError($"partition: {option} needs a graph of at most {Array.MaxLength} entries; {graphName} has {input.EntryCount}.");
        if (writeGraph is not null) Timed("write-graph", () => { MetisGraphFile.Write(writeGraph, input); return 0; });
        if (cache is not null) Csr("--cache");
        if (output is not null && format == "cache") Csr("--format cache");

        Report? report = null;
        if (parts is { } k)
        {
            var options = new PartitionOptions(k, imbalance, seed, threads, Strong: !line.Has("lean"));
            options.Validate(input.NodeCount);
            int[]? part;
            PartitionQuality quality;
            string mode = "partition";
            if (evaluate is not null)
            {
                part = Timed("read-partition", () => PartitionFile.ReadGpmetisStyle(evaluate, input.NodeCount, k));
                mode = "evaluate";
            }
            else if (cache is not null && Timed("read-cache", () => PartitionFile.Load(cache, Csr("--cache"), options)) is { } cached)
            {
                part = cached;
                mode = "cached";
            }
            else part = null;

            if (part is not null)
                quality = PartitionMetrics.Measure(input, part, k);
            else
            {
                var result = Timed("partition", () => new MultilevelPartitioner(options).Partition(input));
                seconds.InsertRange(seconds.Count - 1, result.PhaseSeconds);
                (part, quality) = (result.Part, result.Quality);
                if (cache is not null) Timed("write-cache", () => { PartitionFile.Save(cache, Csr("--cache"), result.Part, options); return 0; });
            }
            if (output is not null)
                Timed("write", () =>
                {
                    if (format == "cache") PartitionFile.Save(output, Csr("--format cache"), part, options);
                    else PartitionFile.WriteGpmetisStyle(output, part);
                    return 0;
                });
            report = new Report(graphName, input.NodeCount, input.EntryCount / 2, k, imbalance, seed, options.EffectiveThreads, options.Strong,
                mode, evaluate, cache, cache is null ? null : mode == "cached",
                quality.EdgeCut, quality.KeptEdgeFraction, quality.Imbalance, quality.BlockWeights.Max(), options.MaxBlockWeight(quality.TotalNodeWeight),
                quality.BlockWeights,
                seconds.ToDictionary(), total.Elapsed.TotalSeconds, Memory.Measure());
        }
        var memory = report?.Memory ?? Memory.Measure();

        if (report is not null)
        {
            string what = report.Mode switch { "evaluate" => $"evaluated {evaluate}", "cached" => $"cached in {cache}", _ => "partition" };
            stdout.WriteLine($"{what}: k = {report.Parts}, ε = {report.Epsilon}, seed = {report.Seed}, threads = {report.Threads}, {(report.Strong ? "strong" : "lean")}");
            if (report.CacheHit is { } hit)
                stdout.WriteLine(hit ? $"cache: hit, {cache} holds this graph's partition for k, seed and ε" : $"cache: miss, partitioned and saved to {cache}");
            stdout.WriteLine($"cut: {report.EdgeCut} ({100 * (1 - report.KeptEdgeFraction):F2}% of the edge weight), kept-edge fraction {report.KeptEdgeFraction:F4}");
            stdout.WriteLine($"imbalance: {report.Imbalance:F4} (heaviest block {report.HeaviestBlock}, bound {report.MaxBlockWeight})");
        }
        stdout.WriteLine($"seconds: {string.Join(", ", seconds.Select(s => $"{s.Key} {s.Value:F3}"))}, total {total.Elapsed.TotalSeconds:F3}");
        stdout.WriteLine($"peak memory: {memory.PeakWorkingSetMB:F0} MB working set, GC heap {memory.GcHeapMB:F0} MB, {memory.GcAllocatedMB:F0} MB allocated in all");
        if (json is not null)
            JsonReport.Write(json, report);
        return 0;
    }

    // The graph of a dataset, as cgcn train partitions it (through the dataset's processed store, built if missing).
    private static AnyCsrGraph ReadDataset(string path, string? store)
    {
        using var data = DatasetReader.Open(path, new DatasetOptions { StoreDirectory = store });
        return new AnyCsrGraph(data.ToCsrGraph());
    }

    /// <summary>The graph named by <paramref name="name"/> (sbm-100k, sbm-reddit, mesh2d-N, mesh3d-N, optionally -diag,
    /// planted-N): a <see cref="CsrGraph"/> when its entries fit int offsets.</summary>
    internal static AnyCsrGraph Generate(string name, ulong seed, int threads)
    {
        if (name == "sbm-100k") return new(PowerLawSbm.Generate(SbmSpec.Small, seed, threads).Graph);
        if (name == "sbm-reddit") return new(PowerLawSbm.Generate(SbmSpec.RedditScale, seed, threads).Graph);
        if (PlantedName().Match(name) is { Success: true } planted)
        {
            if (!int.TryParse(planted.Groups["nodes"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int nodes) || nodes < 1 || nodes >= Array.MaxLength)
                throw new UserError($"partition: {name} needs 1 to {Array.MaxLength - 1} nodes.");
            var spec = new PlantedSpec(nodes);
            // Entries and offsets, before any is made: a graph that cannot fit is refused at once, not after minutes.
            // One that fits int offsets is copied into a CsrGraph below, so it needs its entries twice.
            bool copied = spec.ExpectedEntries <= Array.MaxLength;
            double needGiB = (copied ? 2 : 1) * (4 * spec.ExpectedEntries + 12.0 * nodes) / (1 << 30);
            double haveGiB = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (double)(1 << 30);
            if (needGiB > haveGiB)
                throw new UserError($"partition: {name} needs ~{needGiB:F0} GiB for its {spec.ExpectedEntries:E2} entries; this machine has {haveGiB:F0} GiB.");
            var graph = PlantedCommunities.Generate(spec, seed, threads);
            return graph.EntryCount <= Array.MaxLength ? new(graph.ToCsrGraph()) : new(graph);
        }
        return new(GenerateMesh(name));
    }

    private static CsrGraph GenerateMesh(string name)
    {
        var mesh = MeshName().Match(name);
        if (!mesh.Success || !int.TryParse(mesh.Groups["side"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int side) || side < 1)
            throw new UserError($"partition: --generate '{name}' is not sbm-100k, sbm-reddit, mesh2d-N, mesh3d-N (optionally ending in -diag) or planted-N.");
        bool diagonals = mesh.Groups["diag"].Success;
        if (mesh.Groups["dims"].Value == "2")
        {
            if ((long)side * side >= Array.MaxLength) throw new UserError($"partition: mesh2d-{side} has too many nodes.");
            return Mesh.Grid2D(side, side, diagonals);
        }
        if ((long)side * side * side >= Array.MaxLength) throw new UserError($"partition: mesh3d-{side} has too many nodes.");
        return Mesh.Grid3D(side, side, side, diagonals);
    }

    [GeneratedRegex(@"^mesh(?<dims>[23])d-(?<side>\d{1,9})(?<diag>-diag)?$")]
    private static partial Regex MeshName();

    [GeneratedRegex(@"^planted-(?<nodes>\d{1,10})$")]
    private static partial Regex PlantedName();

    internal sealed record Memory(double PeakWorkingSetMB, double GcHeapMB, double GcAllocatedMB)
    {
        public static Memory Measure()
        {
            const double MB = 1 << 20;
            return new Memory(ProcessMemory.PeakWorkingSetMB(), GC.GetGCMemoryInfo().HeapSizeBytes / MB, GC.GetTotalAllocatedBytes() / MB);
        }
    }

    internal sealed record Report(
        string Graph, int Nodes, long Edges, int Parts, double Epsilon, ulong Seed, int Threads, bool Strong, string Mode, string? PartitionFile,
        string? CacheFile, bool? CacheHit,
        long EdgeCut, double KeptEdgeFraction, double Imbalance, long HeaviestBlock, long MaxBlockWeight, long[] BlockWeights,
        Dictionary<string, double> Seconds, double TotalSeconds, Memory Memory);
}
