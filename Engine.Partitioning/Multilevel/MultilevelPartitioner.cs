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
    public PartitionResult Partition(CsrGraph graph)
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
        GraphHierarchy levels = Timed("coarsen", () => Coarsener.Coarsen(graph, options, directWork));
        int levelCount = levels.Count; // refinement drops each level once it is done with it
        int[] part = Timed("initial", () => InitialPartitioner.Partition(levels.Coarsest, options));
        part = Timed("refine", () =>
        {
            var scratch = options.Parts > 1 ? new RefinementScratch(graph.NodeCount) : null; // every level's: the input is the biggest
            Refiner.Refine(levels.Coarsest, part, options, scratch);
            for (int level = levels.Count - 1; level > 0; level--)
            {
                part = Projection.ToFiner(levels.CoarseMap(level), part);
                levels.DropCoarsest();
                Refiner.Refine(levels[level - 1], part, options, scratch);
            }
            return part;
        });

        // Each metric once: at Reddit scale a pass over the edges costs a noticeable fraction of a second.
        long cut = PartitionMetrics.EdgeCut(graph, part);
        long[] blockWeights = PartitionMetrics.BlockWeights(graph, part, options.Parts);
        return new PartitionResult(part, options.Parts, cut, PartitionMetrics.KeptEdgeFraction(graph, cut), blockWeights,
            PartitionMetrics.Imbalance(graph, blockWeights), phases, levelCount);
    }
}
