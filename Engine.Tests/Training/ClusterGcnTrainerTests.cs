using ClusterGcn.Engine.Core.Datasets;
using ClusterGcn.Engine.Core.Devices;
using ClusterGcn.Engine.Core.Inference;
using ClusterGcn.Engine.Core.Models;
using ClusterGcn.Engine.Core.Training;

namespace ClusterGcn.Engine.Tests.Training;

/// <summary>The trainer on the CPU device: it learns, it is reproducible, and it keeps, stops and cancels as promised.</summary>
public sealed class ClusterGcnTrainerTests
{
    private ComputeDevice device = null!;
    private NodeDataset dataset = null!;

    [OneTimeSetUp]
    public void Open()
    {
        device = ComputeDevice.Open("cpu");
        dataset = PlantedDataset.Create();
    }

    [OneTimeTearDown]
    public void Close()
    {
        dataset.Dispose();
        device.Dispose();
    }

    private static readonly TrainingOptions Quick = new(Parts: 8, ClustersPerBatch: 2, Epochs: 12, LearningRate: 0.01f, EvalEvery: 4, Seed: 3);

    private GnnModel Model(GnnArchitecture architecture = GnnArchitecture.Sage, ulong seed = 1) =>
        new(device, new ModelSpec(architecture, dataset.FeatureCount, 16, dataset.Labels.ClassCount, Dropout: 0.2f), seed);

    [TestCase(GnnArchitecture.Sage)]
    [TestCase(GnnArchitecture.Gcn)]
    public void Training_beats_the_features_alone_and_the_model_keeps_the_best_weights(GnnArchitecture architecture)
    {
        using var model = Model(architecture);
        using var evaluator = new Evaluator(model, dataset);
        double before = evaluator.Evaluate().Test;
        var result = new ClusterGcnTrainer(Quick).Train(model, dataset);

        // 4 classes: chance is 0.25; the noisy features alone do not give 0.9, neighbourhoods do.
        Assert.That(before, Is.LessThan(0.5), "an untrained model must not already pass");
        Assert.That(result.Metrics!.Test, Is.GreaterThan(0.9), $"test accuracy after training (loss curve {string.Join(", ", result.Epochs.Select(e => e.Loss.ToString("F3")))})");
        Assert.That(result.Epochs[^1].Loss, Is.LessThan(result.Epochs[0].Loss * 0.5));
        Assert.That(result.Stop, Is.EqualTo(TrainingStop.Completed));
        Assert.That(result.Epochs.Where(e => e.Metrics is not null).Select(e => e.Epoch), Is.EqualTo(new[] { 4, 8, 12 }));
        Assert.That(result.Best!.IsBest, Is.True);
        Assert.That(result.Epochs.Where(e => e.Metrics is not null).Max(e => e.Metrics!.Validation), Is.EqualTo(result.Metrics.Validation));
        Assert.That(evaluator.Evaluate(), Is.EqualTo(result.Metrics), "the model ends with the best epoch's weights");
        Assert.That(result.EdgeCut, Is.GreaterThan(0));
    }

    [Test]
    public void Same_seeds_give_the_same_loss_curve_and_another_seed_does_not()
    {
        double[] Curve(ulong seed)
        {
            using var model = Model();
            var options = Quick with { Epochs = 4, Seed = seed };
            return [.. new ClusterGcnTrainer(options).Train(model, dataset).Epochs.Select(e => e.Loss)];
        }
        var first = Curve(5);
        Assert.That(Curve(5), Is.EqualTo(first), "bit-identical losses run to run");
        Assert.That(Curve(6), Is.Not.EqualTo(first));
    }

    [Test]
    public void Full_graph_training_is_one_cluster_without_a_cut()
    {
        using var model = Model();
        var steps = new List<TrainingProgress>();
        var result = new ClusterGcnTrainer(Quick with { Parts = 1, Epochs = 2 }).Train(model, dataset, steps.Add);
        Assert.That(result.EdgeCut, Is.Zero);
        Assert.That(steps.Select(s => (s.Epoch, s.Step, s.Steps)), Is.EqualTo(new[] { (1, 1, 1), (2, 1, 1) }));
        Assert.That(steps[0].NodesPerSecond, Is.GreaterThan(0));
    }

    [Test]
    public void Patience_stops_when_validation_stops_improving()
    {
        using var model = Model();
        // A learning rate too small to change any prediction: the first evaluation stays the best.
        var result = new ClusterGcnTrainer(Quick with { LearningRate = 1e-12f, EvalEvery = 1, Patience = 2 }).Train(model, dataset);
        Assert.That(result.Stop, Is.EqualTo(TrainingStop.EarlyStopped));
        Assert.That(result.Epochs, Has.Count.EqualTo(3));
        Assert.That(result.Best!.Epoch, Is.EqualTo(1));
    }

    [Test]
    public void Cancelling_stops_after_the_current_step_and_reports_every_epoch_and_step()
    {
        using var model = Model();
        using var cancel = new CancellationTokenSource();
        var epochs = new List<EpochLog>();
        var result = new ClusterGcnTrainer(Quick).Train(model, dataset,
            onStep: p => { if (p.Epoch == 2 && p.Step == 2) cancel.Cancel(); }, onEpoch: epochs.Add, cancel.Token);
        Assert.That(result.Stop, Is.EqualTo(TrainingStop.Cancelled));
        Assert.That(result.Epochs.Select(e => e.Steps), Is.EqualTo(new[] { 4, 2 }));
        Assert.That(epochs, Is.EqualTo(result.Epochs));
        Assert.That(result.Best, Is.Null, "no evaluation ran before epoch 4");
    }

    [Test]
    public void Weight_decay_reaches_only_the_first_layer_when_asked()
    {
        // After one full-graph step, decay can only have changed the parameters it was applied to: the gradients of
        // the step were taken before it.
        float[][] After(float weightDecay, bool firstOnly)
        {
            using var model = Model();
            new ClusterGcnTrainer(Quick with { Parts = 1, Epochs = 1, WeightDecay = weightDecay, DecayFirstLayerOnly = firstOnly }).Train(model, dataset);
            return model.Snapshot();
        }
        var plain = After(0, false);
        var firstOnly = After(10, true);
        var everywhere = After(10, false);
        Assert.That(firstOnly[0], Is.Not.EqualTo(plain[0]), "convs.0.lin_l.weight decays");
        Assert.That(firstOnly[3], Is.EqualTo(plain[3]), "convs.1.lin_l.weight does not");
        Assert.That(everywhere[3], Is.Not.EqualTo(plain[3]));
    }

    [Test]
    public void Options_that_do_not_fit_the_dataset_are_one_line_errors()
    {
        using var model = Model();
        var trainer = new ClusterGcnTrainer(Quick with { Parts = 100_000 });
        Assert.That(() => trainer.Train(model, dataset), Throws.ArgumentException.With.Message.StartWith("--parts 100000 exceeds the 480 nodes of planted."));
        using var wrongWidth = new GnnModel(device, new ModelSpec(GnnArchitecture.Sage, 3, 8, 4), seed: 1);
        Assert.That(() => new ClusterGcnTrainer(Quick).Train(wrongWidth, dataset), Throws.ArgumentException.With.Message.Contains("16 features but the model expects 3"));

        var empty = new byte[dataset.NodeCount];
        using var untrainable = new NodeDataset("unsplit", HostArray<long>.Wrap(dataset.RowPtr.Span.ToArray()), HostArray<int>.Wrap(dataset.ColIdx.Span.ToArray()),
            HostArray<float>.Wrap(dataset.Features.Span.ToArray()), dataset.FeatureCount,
            NodeLabels.Single(HostArray<int>.Wrap(dataset.Labels.Classes!.Span.ToArray()), 4),
            new NodeSplit(HostArray<byte>.Wrap(empty), HostArray<byte>.Wrap(empty), HostArray<byte>.Wrap(empty)));
        Assert.That(() => new ClusterGcnTrainer(Quick).Train(model, untrainable), Throws.ArgumentException.With.Message.StartWith("unsplit: the dataset has no training nodes."));
    }
}
