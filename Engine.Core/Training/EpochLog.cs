using ClusterGcn.Engine.Core.Inference;

namespace ClusterGcn.Engine.Core.Training;

/// <summary>One epoch of training.</summary>
/// <param name="Epoch">1-based epoch.</param>
/// <param name="Loss">Mean training loss over the epoch's batches, weighted by their training nodes.</param>
/// <param name="TrainSeconds">Seconds of the training steps (batch assembly overlaps them), without evaluation.</param>
/// <param name="NodesPerSecond">Batch nodes processed per training second.</param>
/// <param name="Steps">Steps taken.</param>
/// <param name="Metrics">The evaluation after this epoch, or null when it was not evaluated.</param>
/// <param name="EvalSeconds">Seconds the evaluation took (0 without one).</param>
/// <param name="IsBest">Whether this evaluation has the best validation score so far (the weights kept at the end).</param>
public sealed record EpochLog(int Epoch, double Loss, double TrainSeconds, double NodesPerSecond, int Steps, NodeMetrics? Metrics,
    double EvalSeconds, bool IsBest);
