using ClusterGcn.Engine.Core.Datasets;
using ClusterGcn.Engine.Core.Models;
using ClusterGcn.Engine.Kernels;
using ILGPU;
using ILGPU.Runtime;

namespace ClusterGcn.Engine.Core.Inference;

/// <summary>Scores a model on every split of a dataset from <see cref="LayerwiseInference"/>. Targets and split masks
/// are uploaded once, so repeated evaluations during training only run inference and copy back a few counts.</summary>
public sealed class Evaluator : IDisposable
{
    private readonly NodeDataset dataset;
    private readonly NodeTargets targets;
    private readonly MemoryBuffer1D<int, Stride1D.Dense>[] masks;
    private readonly MemoryBuffer1D<int, Stride1D.Dense> counts;

    /// <summary>Uploads the targets and the three split masks of <paramref name="dataset"/> to the model's device.</summary>
    public Evaluator(GnnModel model, NodeDataset dataset)
    {
        (Model, this.dataset) = (model, dataset);
        var device = model.Device;
        targets = Targets.Of(device, dataset, null);
        var split = dataset.Split;
        masks = [.. new[] { split.Train, split.Validation, split.Test }.Select(m => DeviceBuffers.Upload<int>(device.Accelerator, ToInts(m)))];
        counts = device.Accelerator.Allocate1D<int>(3);
    }

    /// <summary>The model scored.</summary>
    public GnnModel Model { get; }

    /// <summary>Runs inference over the whole graph and scores every split.</summary>
    public NodeMetrics Evaluate(int blockRows = LayerwiseInference.DefaultBlockRows)
    {
        using var logits = LayerwiseInference.Logits(Model, dataset, blockRows);
        var scores = new double[3];
        Span<int> host = stackalloc int[3];
        for (int s = 0; s < 3; s++)
        {
            counts.View.MemSetToZero();
            targets.Count(logits, masks[s].View.SubView(0, dataset.NodeCount), counts.View);
            DeviceBuffers.CopyToHost(counts.View, host);
            scores[s] = targets.IsMultiLabel ? MicroF1(host[0], host[1], host[2]) : host[1] == 0 ? double.NaN : (double)host[0] / host[1];
        }
        return new NodeMetrics(targets.IsMultiLabel ? "micro-F1" : "accuracy", scores[0], scores[1], scores[2]);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        targets.Dispose();
        foreach (var mask in masks) mask.Dispose();
        counts.Dispose();
    }

    /// <summary>2·TP / (2·TP + FP + FN); NaN when there is nothing to score.</summary>
    private static double MicroF1(int truePositives, int falsePositives, int falseNegatives)
    {
        long denominator = 2L * truePositives + falsePositives + falseNegatives;
        return denominator == 0 ? double.NaN : 2.0 * truePositives / denominator;
    }

    private static int[] ToInts(HostArray<byte> mask)
    {
        var span = mask.Span;
        var ints = new int[span.Length];
        for (int i = 0; i < ints.Length; i++) ints[i] = span[i];
        return ints;
    }
}
