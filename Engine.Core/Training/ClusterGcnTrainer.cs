using System.Diagnostics;
using ClusterGcn.Engine.Core.Autograd;
using ClusterGcn.Engine.Core.Datasets;
using ClusterGcn.Engine.Core.Inference;
using ClusterGcn.Engine.Core.Models;
using ClusterGcn.Engine.Core.Optim;
using ClusterGcn.Engine.Kernels;
using ClusterGcn.Engine.Partitioning.Clusters;
using ClusterGcn.Engine.Partitioning.IO;
using ClusterGcn.Engine.Partitioning.Multilevel;
using ClusterGcn.Engine.Partitioning.Randomness;

namespace ClusterGcn.Engine.Core.Training;

/// <summary>Cluster-GCN training: partition the graph once into k clusters; each epoch, shuffle the clusters into
/// groups of q and take one Adam step on the subgraph each group induces; every few epochs score every split with
/// layer-wise inference, keeping the weights with the best validation score.</summary>
/// <remarks>Every random choice derives from <see cref="TrainingOptions.Seed"/> (and the model's own seed), and batches
/// are the same whether or not they are built ahead, so on the CPU a seed gives the same loss curve run to run.</remarks>
public sealed class ClusterGcnTrainer(TrainingOptions options)
{
    private const ulong DropoutStream = 0xD0;

    /// <summary>The settings.</summary>
    public TrainingOptions Options => options;

    /// <summary>Trains <paramref name="model"/> on <paramref name="dataset"/>; at the end the model holds the best weights.</summary>
    /// <param name="model">The model; its spec must fit the dataset.</param>
    /// <param name="dataset">The graph, features, targets and split.</param>
    /// <param name="onStep">Called after every step (progress bar).</param>
    /// <param name="onEpoch">Called after every epoch, after its evaluation (log; a best-model checkpoint when <see cref="EpochLog.IsBest"/>).</param>
    /// <param name="cancel">Stops after the current step; the best weights so far are restored.</param>
    /// <exception cref="ArgumentException">An option or the model does not fit the dataset (one line).</exception>
    public TrainingResult Train(GnnModel model, NodeDataset dataset, Action<TrainingProgress>? onStep = null,
        Action<EpochLog>? onEpoch = null, CancellationToken cancel = default)
    {
        options.Validate(dataset);
        CheckModelFits(model.Spec, dataset);
        var clock = Stopwatch.StartNew();
        var (layout, cut, kept, cached) = Partition(dataset);
        double partitionSeconds = clock.Elapsed.TotalSeconds;

        var assembler = new BatchAssembler(layout, dataset, model.Spec);
        // Kipf and Welling's GCN decays only the first layer's weights; by default every parameter decays, as in PyTorch.
        bool Decays(ModelParameter p) => !options.DecayFirstLayerOnly || p.Name.StartsWith(model.Spec.LayerPrefix(0), StringComparison.Ordinal);
        using var adam = new Adam(model.Parameters.Where(Decays).Select(p => p.Value), options.LearningRate, weightDecay: options.WeightDecay);
        using var undecayed = new Adam(model.Parameters.Where(p => !Decays(p)).Select(p => p.Value), options.LearningRate);
        using var evaluator = new Evaluator(model, dataset);
        var epochs = new List<EpochLog>();
        EpochLog? best = null;
        float[][]? bestWeights = null;
        int evaluationsWithoutGain = 0, step = 0;
        var stop = TrainingStop.Completed;

        for (int epoch = 1; epoch <= options.Epochs && stop == TrainingStop.Completed; epoch++)
        {
            var groups = ClusterSchedule.Groups(options.Parts, options.ClustersPerBatch, options.Seed, epoch);
            double lossSum = 0;
            long nodes = 0, trainNodes = 0;
            int steps = 0;
            clock.Restart();
            foreach (var batch in BatchPrefetcher.Prefetch(groups, assembler.Build))
            {
                if (cancel.IsCancellationRequested) { stop = TrainingStop.Cancelled; break; }
                float loss = Step(model, [adam, undecayed], batch, SplitMix64.Derive(SplitMix64.Derive(options.Seed, DropoutStream), (ulong)step++));
                lossSum += (double)loss * batch.TrainNodes;
                (nodes, trainNodes, steps) = (nodes + batch.NodeCount, trainNodes + batch.TrainNodes, steps + 1);
                onStep?.Invoke(new TrainingProgress(epoch, options.Epochs, steps, groups.Length,
                    trainNodes == 0 ? 0 : lossSum / trainNodes, nodes / Math.Max(clock.Elapsed.TotalSeconds, 1e-9)));
            }
            double trainSeconds = clock.Elapsed.TotalSeconds;
            if (stop == TrainingStop.Cancelled && steps == 0) break;

            NodeMetrics? metrics = null;
            bool isBest = false;
            double evalSeconds = 0;
            if (stop == TrainingStop.Completed && (epoch % options.EvalEvery == 0 || epoch == options.Epochs))
            {
                clock.Restart();
                metrics = evaluator.Evaluate();
                evalSeconds = clock.Elapsed.TotalSeconds;
                isBest = best?.Metrics is not { } previous || Better(metrics.Validation, previous.Validation);
                evaluationsWithoutGain = isBest ? 0 : evaluationsWithoutGain + 1;
                if (isBest) bestWeights = model.Snapshot();
                if (options.Patience > 0 && evaluationsWithoutGain >= options.Patience) stop = TrainingStop.EarlyStopped;
            }
            var log = new EpochLog(epoch, trainNodes == 0 ? 0 : lossSum / trainNodes, trainSeconds, nodes / Math.Max(trainSeconds, 1e-9),
                steps, metrics, evalSeconds, isBest);
            if (isBest) best = log;
            epochs.Add(log);
            onEpoch?.Invoke(log);
        }
        if (bestWeights is not null) model.Restore(bestWeights);
        return new TrainingResult(epochs, best, stop, partitionSeconds, cut, kept, cached);
    }

    /// <summary>One step of every optimizer on <paramref name="batch"/>; returns its loss (0 for a batch without training
    /// nodes, which takes no step).</summary>
    private static float Step(GnnModel model, Adam[] optimizers, HostBatch batch, ulong dropoutSeed)
    {
        if (batch.TrainNodes == 0) return 0;
        var device = model.Device;
        using var adjacency = batch.Adjacency.Upload(device.Accelerator, withTranspose: true);
        using var targets = batch.MultiHot is { } multiHot
            ? NodeTargets.Multi(device, multiHot, model.Spec.Classes)
            : NodeTargets.Single(device, batch.Classes!);
        using var mask = DeviceBuffers.Upload<int>(device.Accelerator, batch.TrainMask);
        using (device.BeginScope())
        {
            var x = device.FromHost(batch.Features, batch.NodeCount, model.Spec.InputFeatures);
            var loss = targets.Loss(model.Forward(adjacency, x, training: true, dropoutSeed), mask.View.SubView(0, batch.NodeCount));
            model.ZeroGrad();
            Tape.Backward(loss);
            foreach (var optimizer in optimizers) optimizer.Step();
            return loss.ReadScalar();
        }
    }

    /// <summary>NaN-safe "strictly better": a first real score beats NaN (a dataset without validation nodes keeps the first).</summary>
    private static bool Better(double candidate, double incumbent) => candidate > incumbent || (double.IsNaN(incumbent) && !double.IsNaN(candidate));

    private (ClusterLayout Layout, long Cut, double Kept, bool Cached) Partition(NodeDataset dataset)
    {
        var graph = dataset.ToCsrGraph();
        if (options.Parts == 1)
            return (ClusterLayout.Build(graph.RowPtr, graph.ColIdx, new int[graph.NodeCount], 1), 0, 1.0, false);
        // Lean: the memory of the strong coarsening is what the rest of the pipeline needs (see PartitionOptions.Strong).
        var partitionOptions = new PartitionOptions(options.Parts, options.Imbalance, options.Seed, Strong: false);
        if (options.PartitionCache is { } cache && PartitionFile.Load(cache, graph, partitionOptions) is { } part)
        {
            long cut = PartitionMetrics.EdgeCut(graph, part);
            return (ClusterLayout.Build(graph.RowPtr, graph.ColIdx, part, options.Parts), cut, PartitionMetrics.KeptEdgeFraction(graph, cut), true);
        }
        var result = new MultilevelPartitioner(partitionOptions).Partition(graph);
        if (options.PartitionCache is { } path) PartitionFile.Save(path, graph, result.Part, partitionOptions);
        return (ClusterLayout.Build(graph.RowPtr, graph.ColIdx, result.Part, options.Parts), result.EdgeCut, result.KeptEdgeFraction, false);
    }

    private static void CheckModelFits(ModelSpec spec, NodeDataset dataset)
    {
        if (spec.InputFeatures != dataset.FeatureCount)
            throw new ArgumentException($"{dataset.Name}: {dataset.FeatureCount} features but the model expects {spec.InputFeatures}.", nameof(dataset));
        if (spec.Classes != dataset.Labels.ClassCount)
            throw new ArgumentException($"{dataset.Name}: {dataset.Labels.ClassCount} classes but the model has {spec.Classes} outputs.", nameof(dataset));
        if (spec.MultiLabel != dataset.Labels.IsMultiLabel)
            throw new ArgumentException($"{dataset.Name}: the labels are {(dataset.Labels.IsMultiLabel ? "multi" : "single")}-label but the model is not.", nameof(dataset));
    }
}
