namespace ClusterGcn.Engine.Partitioning.Multilevel.Refinement;

/// <summary>Carries a partition from a coarse graph to the finer graph it was contracted from.</summary>
public static class Projection
{
    /// <summary>part_fine[v] = part_coarse[cmap[v]]: every fine node joins its coarse node's block, so the cut and the
    /// block weights are unchanged by the projection.</summary>
    public static int[] ToFiner(ReadOnlySpan<int> cmap, ReadOnlySpan<int> coarsePart)
    {
        var fine = new int[cmap.Length];
        for (int v = 0; v < fine.Length; v++) fine[v] = coarsePart[cmap[v]];
        return fine;
    }
}
