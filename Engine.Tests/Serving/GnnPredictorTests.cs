using ClusterGcn.Engine.Core.Checkpoints;
using ClusterGcn.Engine.Core.Datasets;
using ClusterGcn.Engine.Core.Devices;
using ClusterGcn.Engine.Core.Inference;
using ClusterGcn.Engine.Core.Models;
using ClusterGcn.Engine.Core.Serving;
using ClusterGcn.Engine.Tests.Support;
using ClusterGcn.Engine.Tests.Training;

namespace ClusterGcn.Engine.Tests.Serving;

public sealed class GnnPredictorTests
{
    private ComputeDevice device = null!;
    private NodeDataset dataset = null!;
    private string dir = "";

    [OneTimeSetUp]
    public void Open()
    {
        device = ComputeDevice.Open("cpu");
        dataset = PlantedDataset.Create(groups: 4, groupSize: 30); // 120 nodes, 16 features, 4 classes
    }

    [OneTimeTearDown]
    public void Close()
    {
        dataset.Dispose();
        device.Dispose();
    }

    [SetUp]
    public void CreateDirectory() => dir = Directory.CreateTempSubdirectory("predictor-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(dir, recursive: true);

    /// <summary>Saves a seeded model of <paramref name="spec"/> and loads it back.</summary>
    private (GnnModel Original, Checkpoint Loaded) SavedModel(ModelSpec spec)
    {
        var model = new GnnModel(device, spec, seed: 9);
        string path = Path.Combine(dir, "m");
        Checkpoint.Save(path, new ModelConfig(spec), ModelWeights.Of(model));
        return (model, Checkpoint.Load(path));
    }

    [Test]
    public void A_reloaded_model_predicts_exactly_what_the_saved_one_did()
    {
        var (original, loaded) = SavedModel(new ModelSpec(GnnArchitecture.Sage, 16, 8, 4));
        using (original)
        using (var predictor = GnnPredictor.Create(loaded, dataset, device))
        {
            using var logits = LayerwiseInference.Logits(original, dataset);
            float[] expected = logits.ToHost();
            Assert.That(predictor.Logits().ToArray(), Is.EqualTo(expected), "same weights, same computation: bit for bit");

            int[] nodes = [17, 0, 119, 17];
            var predictions = predictor.Predict(nodes);
            var argmax = Reference.Argmax(Array.ConvertAll(expected, v => (double)v), dataset.NodeCount, 4);
            Assert.That(predictions.Classes, Is.EqualTo(nodes.Select(u => argmax[u])));
            for (int i = 0; i < nodes.Length; i++)
            {
                var p = predictions.ProbabilitiesOf(i).ToArray();
                Assert.That(p.Sum(), Is.EqualTo(1f).Within(1e-5f));
                var row = expected.AsSpan(nodes[i] * 4, 4).ToArray();
                double max = row.Max(), z = row.Sum(v => Math.Exp(v - max));
                Assert.That(p, Is.EqualTo(row.Select(v => (float)(Math.Exp(v - max) / z))).Within(1e-6f), "softmax of the logits");
            }

            using var evaluator = new Evaluator(original, dataset);
            Assert.That(predictor.Evaluate(), Is.EqualTo(evaluator.Evaluate()));
        }
    }

    [Test]
    public void Multi_label_probabilities_are_per_label_sigmoids()
    {
        using var multi = PlantedDataset.Create(groups: 4, groupSize: 30, multiLabel: true);
        var (original, loaded) = SavedModel(new ModelSpec(GnnArchitecture.Gcn, 16, 8, 4, MultiLabel: true));
        using (original)
        using (var predictor = GnnPredictor.Create(loaded, multi, device))
        {
            float[] logits = predictor.Logits().ToArray();
            var p = predictor.Predict([5]).ProbabilitiesOf(0).ToArray();
            Assert.That(p, Is.EqualTo(logits.AsSpan(20, 4).ToArray().Select(z => 1 / (1 + MathF.Exp(-z)))).Within(1e-6f));
            Assert.That(predictor.Evaluate().Metric, Is.EqualTo("micro-F1"));
        }
    }

    public static IEnumerable<TestCaseData> HiddenSpecs()
    {
        yield return new TestCaseData(new ModelSpec(GnnArchitecture.Sage, 16, 8, 4)).SetName("Embeddings(sage, 2 layers)");
        yield return new TestCaseData(new ModelSpec(GnnArchitecture.Sage, 16, 8, 4, Layers: 3, Residual: true)).SetName("Embeddings(sage, 3 layers, residual)");
        yield return new TestCaseData(new ModelSpec(GnnArchitecture.Sage, 16, 16, 4, Residual: true)).SetName("Embeddings(sage, residual from the features)");
    }

    // The embeddings are the input of the output layer: applying that layer (SAGE: mean of the neighbours' rows times
    // W_l, plus b, plus the node's own row times W_r) to them on the host gives the model's logits.
    [TestCaseSource(nameof(HiddenSpecs))]
    public void The_output_layer_applied_to_the_embeddings_gives_the_logits(ModelSpec spec)
    {
        var (original, loaded) = SavedModel(spec);
        using (original)
        using (var predictor = GnnPredictor.Create(loaded, dataset, device))
        {
            float[] embeddings = predictor.Embeddings().ToArray(), logits = predictor.Logits().ToArray();
            int h = spec.Hidden, c = spec.Classes, last = spec.Layers - 1;
            Assert.That(embeddings, Has.Length.EqualTo(dataset.NodeCount * h));
            Assert.That(embeddings.Min(), Is.GreaterThanOrEqualTo(spec.Residual ? float.MinValue : 0f), "after the ReLU");
            float[] wl = loaded[$"convs.{last}.lin_l.weight"].Data.ToArray(), b = loaded[$"convs.{last}.lin_l.bias"].Data.ToArray(),
                wr = loaded[$"convs.{last}.lin_r.weight"].Data.ToArray();
            var expected = new double[dataset.NodeCount * c];
            for (int u = 0; u < dataset.NodeCount; u++)
            {
                var neighbours = dataset.Neighbors(u).ToArray();
                for (int o = 0; o < c; o++)
                {
                    double sum = b[o];
                    for (int k = 0; k < h; k++)
                    {
                        double mean = neighbours.Length == 0 ? 0 : neighbours.Average(v => embeddings[v * h + k]);
                        sum += wl[o * h + k] * mean + wr[o * h + k] * embeddings[u * h + k];
                    }
                    expected[u * c + o] = sum;
                }
            }
            GradCheck.AssertClose(logits, expected, 1e-4, 1e-5, "output layer over the embeddings");
            Assert.That(predictor.Embed([3, 1]), Is.EqualTo(embeddings.AsSpan(3 * h, h).ToArray().Concat(embeddings.AsSpan(h, h).ToArray())));
        }
    }

    [Test]
    public void Bad_queries_and_mismatched_data_are_one_line()
    {
        var (original, loaded) = SavedModel(new ModelSpec(GnnArchitecture.Gcn, 16, 8, 4, Layers: 1));
        using (original)
        using (var predictor = GnnPredictor.Create(loaded, dataset, device))
        {
            Assert.That(() => predictor.Predict([0, 120]), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("node 120 is outside [0, 120)"));
            Assert.That(() => predictor.Predict([-1]), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => predictor.Embeddings(), Throws.InvalidOperationException.With.Message.Contains("no hidden layer"));
        }
        var (narrow, narrowLoaded) = SavedModel(new ModelSpec(GnnArchitecture.Sage, 5, 8, 4));
        using (narrow)
            Errors.AssertOneLine(() => GnnPredictor.Create(narrowLoaded, dataset, device), "16 features per node, but the model (2-layer sage (5 → 8 → 4)) takes 5");
        var (wide, wideLoaded) = SavedModel(new ModelSpec(GnnArchitecture.Sage, 16, 8, 7));
        using (wide)
        using (var predictor = GnnPredictor.Create(wideLoaded, dataset, device))
            Errors.AssertOneLine(() => predictor.Evaluate(), "4 classes, but the model (2-layer sage (16 → 8 → 7)) predicts 7 classes");
    }

    [Test]
    public void Load_opens_the_model_and_the_dataset_files()
    {
        string data = Path.Combine(dir, "data");
        PlainTextWriter.Write(dataset, data);
        var (original, _) = SavedModel(new ModelSpec(GnnArchitecture.Sage, 16, 8, 4));
        using (original)
        using (var predictor = GnnPredictor.Load(Path.Combine(dir, "m.json"), data, "cpu"))
        {
            using var logits = LayerwiseInference.Logits(original, dataset);
            Assert.That(predictor.Dataset.NodeCount, Is.EqualTo(dataset.NodeCount));
            Assert.That(predictor.Logits().ToArray(), Is.EqualTo(logits.ToHost()), "the files hold the same graph and features");
        }
    }
}
