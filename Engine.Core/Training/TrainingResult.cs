using ClusterGcn.Engine.Core.Inference;

namespace ClusterGcn.Engine.Core.Training;

/// <summary>What a training run did and measured.</summary>
/// <param name="Epochs">Every epoch run, in order.</param>
/// <param name="Best">The epoch whose weights the model holds at the end (best validation score), or null when no
/// evaluation ran (a run cancelled early).</param>
/// <param name="Stop">Why training ended.</param>
/// <param name="PartitionSeconds">Seconds to partition the graph and lay out its clusters.</param>
/// <param name="EdgeCut">Undirected edges between clusters: the edges no batch ever sees.</param>
/// <param name="KeptEdgeFraction">1 − cut / edges.</param>
/// <param name="PartitionCached">Whether the partition came from <see cref="TrainingOptions.PartitionCache"/>.</param>
public sealed record TrainingResult(IReadOnlyList<EpochLog> Epochs, EpochLog? Best, TrainingStop Stop, double PartitionSeconds,
    long EdgeCut, double KeptEdgeFraction, bool PartitionCached = false)
{
    /// <summary>The scores of the kept weights, or null.</summary>
    public NodeMetrics? Metrics => Best?.Metrics;

    /// <summary>Mean training seconds per epoch (evaluation excluded).</summary>
    public double SecondsPerEpoch => Epochs.Count == 0 ? 0 : Epochs.Average(e => e.TrainSeconds);

    /// <summary>Seconds of the last full-graph inference.</summary>
    public double InferenceSeconds => Epochs.LastOrDefault(e => e.Metrics is not null)?.EvalSeconds ?? 0;
}

/// <summary>Why a training run ended.</summary>
public enum TrainingStop
{
    /// <summary>All epochs ran.</summary>
    Completed,

    /// <summary>The validation score stopped improving for the patience's number of evaluations.</summary>
    EarlyStopped,

    /// <summary>Cancelled (Ctrl+C) after the current step.</summary>
    Cancelled,
}
