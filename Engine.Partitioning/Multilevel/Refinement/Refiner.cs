using ClusterGcn.Engine.Partitioning.Graphs;

namespace ClusterGcn.Engine.Partitioning.Multilevel.Refinement;

/// <summary>STUB: improves a partition of one level in place, under the balance bound.</summary>
public static class Refiner
{
    /// <summary>Moves nodes of <paramref name="graph"/> between blocks to lower the cut, keeping (or restoring) every
    /// block within <see cref="PartitionOptions.MaxBlockWeight"/>.</summary>
    public static void Refine(CsrGraph graph, int[] part, PartitionOptions options)
    {
    }
}
