using ClusterGcn.Engine.Partitioning.Graphs;

namespace ClusterGcn.Engine.Partitioning.Multilevel.Coarsening;

/// <summary>STUB: builds the hierarchy of ever coarser graphs.</summary>
public static class Coarsener
{
    /// <summary>Contracts <paramref name="graph"/> level by level until it has at most
    /// <see cref="PartitionOptions.CoarseNodesPerBlock"/>·k nodes or stops shrinking.</summary>
    public static GraphHierarchy Coarsen(CsrGraph graph, PartitionOptions options) => new(graph);
}
