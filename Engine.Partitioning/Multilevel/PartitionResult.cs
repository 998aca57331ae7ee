namespace ClusterGcn.Engine.Partitioning.Multilevel;

/// <summary>A partition with its quality and where the time went.</summary>
/// <param name="Part">Block 0..k-1 of every node.</param>
/// <param name="Parts">k.</param>
/// <param name="EdgeCut">Weight of the edges between blocks (each undirected edge once).</param>
/// <param name="KeptEdgeFraction">1 − cut / total edge weight.</param>
/// <param name="BlockWeights">Weight of every block.</param>
/// <param name="Imbalance">Heaviest block / ⌈W / k⌉.</param>
/// <param name="PhaseSeconds">Seconds spent in each phase ("coarsen", "initial", "refine"), in order.</param>
/// <param name="Levels">Graphs in the hierarchy, the input included.</param>
public sealed record PartitionResult(
    int[] Part, int Parts, long EdgeCut, double KeptEdgeFraction, long[] BlockWeights, double Imbalance,
    IReadOnlyList<KeyValuePair<string, double>> PhaseSeconds, int Levels);
