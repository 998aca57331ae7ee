namespace ClusterGcn.Engine.Partitioning.Multilevel;

/// <summary>A partition with its quality and where the time went.</summary>
/// <param name="Part">Block 0..k-1 of every node.</param>
/// <param name="Parts">k.</param>
/// <param name="Quality">Cut, kept-edge fraction, block weights and imbalance.</param>
/// <param name="PhaseSeconds">Seconds spent in each phase ("coarsen", "initial", "refine"), in order.</param>
/// <param name="Levels">Graphs in the hierarchy, the input included.</param>
public sealed record PartitionResult(
    int[] Part, int Parts, PartitionQuality Quality, IReadOnlyList<KeyValuePair<string, double>> PhaseSeconds, int Levels)
{
    /// <summary>Weight of the edges between blocks (each undirected edge once).</summary>
    public long EdgeCut => Quality.EdgeCut;

    /// <summary>1 − cut / total edge weight.</summary>
    public double KeptEdgeFraction => Quality.KeptEdgeFraction;

    /// <summary>Weight of every block.</summary>
    public long[] BlockWeights => Quality.BlockWeights;

    /// <summary>Heaviest block / ⌈W / k⌉.</summary>
    public double Imbalance => Quality.Imbalance;
}
