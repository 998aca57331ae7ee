namespace ClusterGcn.Engine.Core.Training;

/// <summary>Reported after every training step, e.g. to draw a progress bar.</summary>
/// <param name="Epoch">1-based epoch.</param>
/// <param name="Epochs">Epochs planned.</param>
/// <param name="Step">1-based step within the epoch.</param>
/// <param name="Steps">Steps in the epoch.</param>
/// <param name="Loss">Mean training loss of the epoch so far (weighted by training nodes per batch).</param>
/// <param name="NodesPerSecond">Batch nodes processed per second of the epoch so far.</param>
public readonly record struct TrainingProgress(int Epoch, int Epochs, int Step, int Steps, double Loss, double NodesPerSecond);
