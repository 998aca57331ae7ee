namespace ClusterGcn.Engine.Core.Checkpoints;

/// <summary>Where a checkpoint's weights came from: for reports and for reproducing the run; loading ignores it.</summary>
/// <param name="Epoch">The epoch after which the weights were taken (the best validation epoch when early stopping).</param>
/// <param name="Seed">The training seed.</param>
/// <param name="ValidationScore">Validation accuracy (micro-F1 for multi-label models) of these weights, or null when not evaluated.</param>
/// <param name="Dataset">The dataset's name, or null.</param>
public sealed record TrainingInfo(int Epoch, ulong Seed, double? ValidationScore = null, string? Dataset = null);
