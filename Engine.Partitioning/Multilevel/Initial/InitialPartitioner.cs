using ClusterGcn.Engine.Partitioning.Graphs;

namespace ClusterGcn.Engine.Partitioning.Multilevel.Initial;

/// <summary>STUB: partitions the coarsest graph into k balanced blocks.</summary>
public static class InitialPartitioner
{
    /// <summary>Returns the block (0..k-1) of every node of <paramref name="coarsest"/>.</summary>
    public static int[] Partition(CsrGraph coarsest, PartitionOptions options)
    {
        var part = new int[coarsest.NodeCount];
        for (int u = 0; u < part.Length; u++) part[u] = (int)((long)u * options.Parts / Math.Max(part.Length, 1));
        return part;
    }
}
