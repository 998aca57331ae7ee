using ClusterGcn.Engine.Core.Datasets;
using ClusterGcn.Engine.Core.Inference;
using ClusterGcn.Engine.Core.Models;
using ClusterGcn.Engine.Tests.Autograd;
using ClusterGcn.Engine.Tests.Support;
using ClusterGcn.Engine.Tests.Training;

namespace ClusterGcn.Engine.Tests.Inference;

/// <summary>Layer-wise inference in row blocks against one full-graph forward pass, and the metrics computed from it
/// against the same numbers counted on the host.</summary>
public sealed class LayerwiseInferenceTests(string kind) : DeviceKindFixture(kind)
{
    public static IEnumerable<TestCaseData> Specs()
    {
        yield return new TestCaseData(new ModelSpec(GnnArchitecture.Sage, 16, 8, 4, Layers: 3, Residual: true)).SetName("sage 3 layers residual");
        yield return new TestCaseData(new ModelSpec(GnnArchitecture.Sage, 16, 24, 4)).SetName("sage hidden wider than input");
        yield return new TestCaseData(new ModelSpec(GnnArchitecture.Sage, 16, 8, 4, Layers: 3, LayerNorm: true)).SetName("sage 3 layers layer norm");
        yield return new TestCaseData(new ModelSpec(GnnArchitecture.Mlp, 16, 8, 4)).SetName("mlp");
        yield return new TestCaseData(new ModelSpec(GnnArchitecture.Gcn, 16, 8, 4)).SetName("gcn symmetric");
        yield return new TestCaseData(new ModelSpec(GnnArchitecture.Gcn, 16, 8, 4, Normalization: GcnNormalization.DiagonalEnhancement, DiagonalLambda: 1f)).SetName("gcn diagonal enhancement");
        yield return new TestCaseData(new ModelSpec(GnnArchitecture.Gcn, 16, 8, 4, Normalization: GcnNormalization.Mean)).SetName("gcn mean");
    }

    [TestCaseSource(nameof(Specs))]
    public void Blocked_layerwise_logits_equal_a_full_graph_forward_pass(ModelSpec spec)
    {
        using var dataset = PlantedDataset.Create(groups: 4, groupSize: 30);
        using var model = new GnnModel(Device, spec, seed: 3);
        using var blocked = LayerwiseInference.Logits(model, dataset, blockRows: 7); // 120 rows: 17 full blocks and one of 1
        GradCheck.AssertClose(blocked.ToHost(), FullGraphLogits(model, dataset), 1e-4, 1e-5, "layer-wise logits");
        Assert.That(blocked.Rows, Is.EqualTo(dataset.NodeCount));
    }

    [Test]
    public void Accuracy_of_each_split_counts_its_labeled_nodes_whose_argmax_is_right()
    {
        using var dataset = PlantedDataset.Create(groups: 4, groupSize: 30);
        using var model = new GnnModel(Device, new ModelSpec(GnnArchitecture.Sage, 16, 8, 4), seed: 3);
        using var evaluator = new Evaluator(model, dataset);
        var metrics = evaluator.Evaluate(blockRows: 50);

        var logits = FullGraphLogits(model, dataset);
        var predicted = Reference.Argmax(logits, dataset.NodeCount, 4);
        var labels = dataset.Labels.Classes!.Span.ToArray();
        double Accuracy(HostArray<byte> mask)
        {
            int[] nodes = [.. NodeSplit.Nodes(mask).Where(u => labels[u] >= 0)];
            return (double)nodes.Count(u => predicted[u] == labels[u]) / nodes.Length;
        }
        Assert.That(metrics.Metric, Is.EqualTo("accuracy"));
        Assert.That(metrics.Train, Is.EqualTo(Accuracy(dataset.Split.Train)).Within(1e-12));
        Assert.That(metrics.Validation, Is.EqualTo(Accuracy(dataset.Split.Validation)).Within(1e-12));
        Assert.That(metrics.Test, Is.EqualTo(Accuracy(dataset.Split.Test)).Within(1e-12));
    }

    [Test]
    public void Multi_label_data_is_scored_by_micro_f1()
    {
        using var dataset = PlantedDataset.Create(groups: 4, groupSize: 30, multiLabel: true);
        using var model = new GnnModel(Device, new ModelSpec(GnnArchitecture.Sage, 16, 8, 4, MultiLabel: true), seed: 3);
        using var evaluator = new Evaluator(model, dataset);
        var metrics = evaluator.Evaluate();

        var logits = FullGraphLogits(model, dataset);
        var targets = dataset.Labels.MultiHot!.Span.ToArray();
        int[] test = NodeSplit.Nodes(dataset.Split.Test);
        long tp = 0, fp = 0, fn = 0;
        foreach (int u in test)
            for (int c = 0; c < 4; c++)
            {
                bool predicted = logits[u * 4 + c] > 0, actual = targets[u * 4 + c] != 0;
                if (predicted && actual) tp++;
                else if (predicted) fp++;
                else if (actual) fn++;
            }
        Assert.That(metrics.Metric, Is.EqualTo("micro-F1"));
        Assert.That(metrics.Test, Is.EqualTo(2.0 * tp / (2 * tp + fp + fn)).Within(1e-12));
    }

    [Test]
    public void Features_of_another_width_are_refused()
    {
        using var dataset = PlantedDataset.Create(groups: 2, groupSize: 10);
        using var model = new GnnModel(Device, new ModelSpec(GnnArchitecture.Sage, 5, 8, 4), seed: 3);
        Assert.That(() => LayerwiseInference.Logits(model, dataset), Throws.ArgumentException.With.Message.Contains("16 features but the model expects 5"));
    }

    /// <summary>One forward pass over the whole graph as a single batch, without dropout.</summary>
    private double[] FullGraphLogits(GnnModel model, NodeDataset dataset)
    {
        var graph = dataset.ToCsrGraph();
        var adjacency = HostAdjacency.Prepare(model.Spec, graph.RowPtr.ToArray(), graph.ColIdx.ToArray(), graph.NodeCount, 0, graph.Degree);
        using var csr = adjacency.Upload(Device.Accelerator, withTranspose: false);
        using var x = Device.FromHost(dataset.Features.Span, dataset.NodeCount, dataset.FeatureCount);
        using (Device.BeginScope())
            return Array.ConvertAll(model.Forward(csr, x, training: false).ToHost(), v => (double)v);
    }
}
