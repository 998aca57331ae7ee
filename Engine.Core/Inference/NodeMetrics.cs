namespace ClusterGcn.Engine.Core.Inference;

/// <summary>The metric of each split: accuracy for single-label data, micro-F1 for multi-label data, in [0, 1];
/// NaN for a split without nodes.</summary>
/// <param name="Metric">"accuracy" or "micro-F1".</param>
/// <param name="Train">On the training nodes.</param>
/// <param name="Validation">On the validation nodes.</param>
/// <param name="Test">On the test nodes.</param>
public sealed record NodeMetrics(string Metric, double Train, double Validation, double Test);
