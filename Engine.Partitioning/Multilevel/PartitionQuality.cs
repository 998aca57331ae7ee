namespace ClusterGcn.Engine.Partitioning.Multilevel;

/// <summary>The measures of one partition, as <see cref="PartitionMetrics.Measure(Graphs.AnyCsrGraph, ReadOnlySpan{int}, int)"/> computes them.</summary>
/// <param name="EdgeCut">Weight of the edges between blocks (each undirected edge once).</param>
/// <param name="KeptEdgeFraction">1 − cut / total edge weight.</param>
/// <param name="BlockWeights">Weight of every block.</param>
/// <param name="Imbalance">Heaviest block / ⌈W / k⌉.</param>
public sealed record PartitionQuality(long EdgeCut, double KeptEdgeFraction, long[] BlockWeights, double Imbalance)
{
    /// <summary>W, the weight of all nodes: every node lies in one block.</summary>
    public long TotalNodeWeight => BlockWeights.Sum();
}
