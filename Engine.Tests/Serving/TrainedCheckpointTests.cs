using ClusterGcn.Engine.Core.Checkpoints;
using ClusterGcn.Engine.Core.Devices;
using ClusterGcn.Engine.Core.Inference;
using ClusterGcn.Engine.Core.Models;
using ClusterGcn.Engine.Core.Reporting;
using ClusterGcn.Engine.Core.Serving;
using ClusterGcn.Engine.Core.Training;
using ClusterGcn.Engine.Tests.Reporting;
using ClusterGcn.Engine.Tests.Training;

namespace ClusterGcn.Engine.Tests.Serving;

/// <summary>The whole path a trained model takes: trained with Cluster-GCN, checkpointed at its best epoch, charted,
/// then reloaded and served.</summary>
public sealed class TrainedCheckpointTests
{
    [Test]
    public void A_model_checkpointed_at_its_best_epoch_reloads_to_the_same_predictions_and_scores()
    {
        string dir = Directory.CreateTempSubdirectory("trained-").FullName;
        try
        {
            using var device = ComputeDevice.Open("cpu");
            using var dataset = PlantedDataset.Create();
            var spec = new ModelSpec(GnnArchitecture.Sage, dataset.FeatureCount, 16, dataset.Labels.ClassCount, Dropout: 0.2f);
            using var model = new GnnModel(device, spec, seed: 1);
            string path = Path.Combine(dir, "planted");
            var options = new TrainingOptions(Parts: 8, ClustersPerBatch: 2, Epochs: 12, LearningRate: 0.01f, EvalEvery: 4, Seed: 3);
            var result = new ClusterGcnTrainer(options).Train(model, dataset, onEpoch: epoch =>
            {
                if (epoch.IsBest)
                    Checkpoint.Save(path, new ModelConfig(spec, Training: new TrainingInfo(epoch.Epoch, options.Seed, epoch.Metrics!.Validation, dataset.Name)),
                        ModelWeights.Of(model));
            });
            TrainingCurveChart.Save(TrainingCurveChart.FileFor(path), [.. result.Epochs.Select(TrainingCurvePoint.Of)]);

            var checkpoint = Checkpoint.Load(path);
            Assert.That(checkpoint.Config.Training!.Epoch, Is.EqualTo(result.Best!.Epoch));
            using var predictor = GnnPredictor.Create(checkpoint, dataset, device);
            Assert.That(predictor.Evaluate(), Is.EqualTo(result.Metrics), "the trainer's best scores, from the files");
            Assert.That(result.Metrics!.Test, Is.GreaterThan(0.9), "a trained model, not a random one");
            using var logits = LayerwiseInference.Logits(model, dataset);
            Assert.That(predictor.Logits().ToArray(), Is.EqualTo(logits.ToHost()), "the model holds the best weights; so do the files");

            var png = PngDecoder.Decode(File.ReadAllBytes(Path.Combine(dir, "planted.png")));
            Assert.That((png.Width, png.Height), Is.EqualTo((TrainingCurveChart.ImageWidth, TrainingCurveChart.ImageHeight)));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
