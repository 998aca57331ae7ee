using ClusterGcn.Engine.Core.Training;

namespace ClusterGcn.Engine.Core.Reporting;

/// <summary>One epoch of a training curve.</summary>
/// <param name="Epoch">The epoch, counted from 1.</param>
/// <param name="Loss">The mean training loss of the epoch.</param>
/// <param name="TrainScore">Training accuracy (or micro-F1) when the epoch was evaluated, else null.</param>
/// <param name="ValidationScore">Validation accuracy (or micro-F1) when the epoch was evaluated, else null.</param>
public sealed record TrainingCurvePoint(int Epoch, double Loss, double? TrainScore = null, double? ValidationScore = null)
{
    /// <summary>The point of one epoch of the trainer's log.</summary>
    public static TrainingCurvePoint Of(EpochLog epoch) => new(epoch.Epoch, epoch.Loss, epoch.Metrics?.Train, epoch.Metrics?.Validation);
}
