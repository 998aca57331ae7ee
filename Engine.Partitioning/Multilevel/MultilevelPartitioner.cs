using System.Diagnostics;
using ClusterGcn.Engine.Partitioning.Graphs;
using ClusterGcn.Engine.Partitioning.Multilevel.Coarsening;
using ClusterGcn.Engine.Partitioning.Multilevel.Initial;
using ClusterGcn.Engine.Partitioning.Multilevel.Refinement;

namespace ClusterGcn.Engine.Partitioning.Multilevel;

/// <summary>Multilevel k-way graph partitioning: coarsen, partition the coarsest graph, then project the partition
/// back level by level and refine it on each, under the balance bound (1 + ε)·⌈W / k⌉.</summary>
/// <remarks>The graph must be undirected as <see cref="CsrBuilder"/> makes it: symmetric, without self-loops or
/// duplicate entries. Every random choice derives from <see cref="PartitionOptions.Seed"/>, and parallel phases
/// commit their decisions in a fixed order, so the result depends on the seed and never on the thread count.</remarks>
public sealed class MultilevelPartitioner(PartitionOptions options)
{
    /// <summary>Partitions <paramref name="graph"/> into k blocks.</summary>
    /// <exception cref="ArgumentOutOfRangeException">k or ε is out of range for this graph (one-line message).</exception>
    public PartitionResult Partition(CsrGraph graph) =>
        Partition(new CsrView(graph), directWork => Coarsener.CoarsenBelow(graph, options, directWork), () => graph);

    /// <summary>Partitions a graph of more entries than a <see cref="CsrGraph"/> holds into k blocks: the same
    /// partition, cut and block weights as <see cref="Partition(CsrGraph)"/> returns for the same graph.</summary>
    /// <remarks>Only the input level is read as a <see cref="LargeCsrGraph"/>: its first contraction, and every
    /// level after it, must fit a <see cref="CsrGraph"/> (fewer than 2³¹ entries).</remarks>
    /// <exception cref="ArgumentOutOfRangeException">k or ε is out of range for this graph (one-line message).</exception>
    /// <exception cref="ArgumentException">The first contraction still has more entries than a CsrGraph holds, or
    /// the graph cannot be coarsened and is too large to partition directly (one-line message).</exception>
    public PartitionResult Partition(LargeCsrGraph graph) =>
        Partition(new LargeView(graph), directWork => Coarsener.CoarsenBelow(new LargeView(graph), options, directWork),
            () => graph.EntryCount <= Array.MaxLength ? graph.ToCsrGraph()
                : throw new ArgumentException($"graph: its {graph.EntryCount} entries do not shrink by coarsening, and are more than a CsrGraph holds to partition it directly."));

    /// <summary>Partitions a graph of either size into k blocks.</summary>
    /// <exception cref="ArgumentOutOfRangeException">k or ε is out of range for this graph (one-line message).</exception>
    /// <exception cref="ArgumentException">As <see cref="Partition(LargeCsrGraph)"/> for a graph beyond int offsets.</exception>
    public PartitionResult Partition(AnyCsrGraph graph) => graph.Csr is { } csr ? Partition(csr) : Partition(graph.Large!);

    // The multilevel cycle over an input read through TGraph: coarsenBelow(stopWork) gives the levels below it (all CsrGraphs)
    // and the map into the first; asCsr gives the input itself as a CsrGraph, for when it is the coarsest level.
    private PartitionResult Partition<TGraph>(TGraph graph, Func<long, (GraphHierarchy? Below, int[]? InputMap)> coarsenBelow, Func<CsrGraph> asCsr)
        where TGraph : struct, IGraphView
    {
        options.Validate(graph.NodeCount);
        var phases = new List<KeyValuePair<string, double>>();
        var clock = Stopwatch.StartNew();
        T Timed<T>(string phase, Func<T> run)
        {
            clock.Restart();
            T result = run();
            phases.Add(new(phase, clock.Elapsed.TotalSeconds));
            return result;
        }

        long directWork = Coarsener.IsMeshLike(graph) ? InitialPartitioner.MeshDirectWork : InitialPartitioner.DirectWork;
        var (levels, inputMap) = Timed("coarsen", () => coarsenBelow(directWork));
        int levelCount = 1 + (levels?.Count ?? 0); // refinement drops each level once it is done with it
        int[] part = Timed("initial", () => InitialPartitioner.Partition(levels?.Coarsest ?? asCsr(), options));
        part = Timed("refine", () =>
        {
            var scratch = options.Parts > 1 ? new RefinementScratch(graph.NodeCount) : null; // every level's: the input is the biggest
            if (levels is not null)
            {
                Refiner.Refine(levels.Coarsest, part, options, scratch);
                for (int level = levels.Count - 1; level > 0; level--)
                {
                    part = Projection.ToFiner(levels.CoarseMap(level), part);
                    levels.DropCoarsest();
                    Refiner.Refine(levels[level - 1], part, options, scratch);
                }
                part = Projection.ToFiner(inputMap, part);
                (levels, inputMap) = (null, null); // not needed while the input is refined
            }
            Refiner.Refine(graph, part, options, scratch);
            return part;
        });

        return new PartitionResult(part, options.Parts, PartitionMetrics.Measure(graph, part, options.Parts), phases, levelCount);
    }
}
