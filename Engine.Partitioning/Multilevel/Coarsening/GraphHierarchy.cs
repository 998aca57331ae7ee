using ClusterGcn.Engine.Partitioning.Graphs;

namespace ClusterGcn.Engine.Partitioning.Multilevel.Coarsening;

/// <summary>The graphs of a multilevel run: level 0 is the input, each next level a contraction of the one before,
/// with the map from each fine node to its coarse node.</summary>
public sealed class GraphHierarchy
{
    private readonly List<CsrGraph> graphs;
    private readonly List<int[]> coarseMaps = [];

    /// <summary>A hierarchy holding only <paramref name="input"/>.</summary>
    public GraphHierarchy(CsrGraph input) => graphs = [input];

    /// <summary>Number of levels, the input included.</summary>
    public int Count => graphs.Count;

    /// <summary>The graph of level <paramref name="level"/> (0 = input).</summary>
    public CsrGraph this[int level] => graphs[level];

    /// <summary>The coarsest graph.</summary>
    public CsrGraph Coarsest => graphs[^1];

    /// <summary>For level <paramref name="level"/> ≥ 1: the coarse node (in level) of every node of level − 1.</summary>
    public int[] CoarseMap(int level) => coarseMaps[level - 1];

    /// <summary>Appends a contraction of the coarsest graph.</summary>
    /// <exception cref="ArgumentException"><paramref name="cmap"/> does not map every node of the current coarsest graph into <paramref name="coarser"/>.</exception>
    public void Push(CsrGraph coarser, int[] cmap)
    {
        if (cmap.Length != Coarsest.NodeCount)
            throw new ArgumentException($"coarse map has {cmap.Length} entries for {Coarsest.NodeCount} nodes.", nameof(cmap));
        graphs.Add(coarser);
        coarseMaps.Add(cmap);
    }

    /// <summary>Removes the coarsest level and its coarse map, once the partition has been projected from it: the
    /// coarse levels of a 1M-node 3-D mesh hold 80 MB that the refinement of the finer levels does not need.</summary>
    /// <exception cref="InvalidOperationException">Only the input is left.</exception>
    public void DropCoarsest()
    {
        if (graphs.Count == 1) throw new InvalidOperationException("graph hierarchy: the input level cannot be dropped.");
        graphs.RemoveAt(graphs.Count - 1);
        coarseMaps.RemoveAt(coarseMaps.Count - 1);
    }
}
