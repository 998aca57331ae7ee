using ClusterGcn.Engine.Core.Datasets;

namespace ClusterGcn.Engine.Core.Training;

/// <summary>How <see cref="ClusterGcnTrainer"/> trains; the defaults are PyTorch Geometric's Cluster-GCN Reddit recipe.</summary>
/// <param name="Parts">Clusters k the graph is partitioned into (1 = full-graph training).</param>
/// <param name="ClustersPerBatch">Clusters q joined into each batch.</param>
/// <param name="Epochs">Passes over all clusters.</param>
/// <param name="LearningRate">Adam's step size.</param>
/// <param name="WeightDecay">Adam's L2 penalty.</param>
/// <param name="EvalEvery">Evaluate (layer-wise inference on every split) every this many epochs, and after the last.</param>
/// <param name="Patience">Stop after this many evaluations without a better validation score; 0 = never stop early.</param>
/// <param name="Seed">Seeds the partition, the cluster schedule and the dropout masks (the model has its own seed).</param>
/// <param name="Imbalance">Allowed cluster overload ε of the partitioner.</param>
/// <param name="DecayFirstLayerOnly">Applies the weight decay to the first layer's parameters only, as Kipf and
/// Welling's GCN does; otherwise to every parameter, as PyTorch's Adam does.</param>
/// <param name="PartitionCache">A partition cache file (<see cref="Partitioning.IO.PartitionFile"/>): used when it was
/// made for this graph, k, seed and ε, otherwise written after partitioning; null partitions every time.</param>
public sealed record TrainingOptions(
    int Parts = 1500, int ClustersPerBatch = 20, int Epochs = 30, float LearningRate = 0.005f, float WeightDecay = 0f,
    int EvalEvery = 5, int Patience = 0, ulong Seed = 1, double Imbalance = 0.03, bool DecayFirstLayerOnly = false,
    string? PartitionCache = null)
{
    /// <summary>Throws a one-line <see cref="ArgumentException"/> naming the option that does not fit <paramref name="dataset"/>.</summary>
    public void Validate(NodeDataset dataset)
    {
        if (Parts < 1) throw new ArgumentException($"--parts {Parts} must be ≥ 1.", nameof(Parts));
        if (Parts > dataset.NodeCount)
            throw new ArgumentException($"--parts {Parts} exceeds the {dataset.NodeCount} nodes of {dataset.Name}.", nameof(Parts));
        if (ClustersPerBatch < 1) throw new ArgumentException($"--clusters-per-batch {ClustersPerBatch} must be ≥ 1.", nameof(ClustersPerBatch));
        if (Epochs < 1) throw new ArgumentException($"--epochs {Epochs} must be ≥ 1.", nameof(Epochs));
        if (EvalEvery < 1) throw new ArgumentException($"--eval-every {EvalEvery} must be ≥ 1.", nameof(EvalEvery));
        if (Patience < 0) throw new ArgumentException($"--patience {Patience} must be ≥ 0.", nameof(Patience));
        if (!(LearningRate > 0 && float.IsFinite(LearningRate))) throw new ArgumentException($"--lr {LearningRate} must be > 0.", nameof(LearningRate));
        if (!(WeightDecay >= 0 && float.IsFinite(WeightDecay))) throw new ArgumentException($"--weight-decay {WeightDecay} must be ≥ 0.", nameof(WeightDecay));
        if (!dataset.Split.Train.Span.ContainsAnyExcept((byte)0))
            throw new ArgumentException($"{dataset.Name}: the dataset has no training nodes.", nameof(dataset));
    }
}
