namespace ClusterGcn.Engine.Partitioning.Graphs;

/// <summary>A graph as a reader found it: a <see cref="CsrGraph"/> when its entries fit int offsets, otherwise a
/// <see cref="LargeCsrGraph"/>. Exactly one of <see cref="Csr"/> and <see cref="Large"/> is set.</summary>
public sealed class AnyCsrGraph
{
    /// <summary>Wraps a graph that fits int offsets.</summary>
    public AnyCsrGraph(CsrGraph graph) => Csr = graph;

    /// <summary>Wraps a graph beyond int offsets.</summary>
    public AnyCsrGraph(LargeCsrGraph graph) => Large = graph;

    /// <summary>The graph, when it fits int offsets.</summary>
    public CsrGraph? Csr { get; }

    /// <summary>The graph, when it does not fit int offsets.</summary>
    public LargeCsrGraph? Large { get; }

    /// <summary>Number of nodes N.</summary>
    public int NodeCount => Csr?.NodeCount ?? Large!.NodeCount;

    /// <summary>Number of stored (directed) entries; an undirected edge counts twice.</summary>
    public long EntryCount => Csr?.EntryCount ?? Large!.EntryCount;
}
