using ClusterGcn.Engine.Core.Datasets;
using ClusterGcn.Engine.Core.Devices;
using ClusterGcn.Engine.Core.Models;

namespace ClusterGcn.Engine.Core.Inference;

/// <summary>A dataset's targets for a set of its nodes, on the host or uploaded: the one place that reads
/// <see cref="NodeLabels"/> for training and evaluation alike.</summary>
public static class Targets
{
    /// <summary>Uploads the targets of <paramref name="nodes"/> (every node when null), in that order.</summary>
    public static NodeTargets Of(ComputeDevice device, NodeDataset dataset, int[]? nodes)
    {
        var labels = dataset.Labels;
        return labels.IsMultiLabel
            ? NodeTargets.Multi(device, MultiHot(labels, nodes, dataset.NodeCount), labels.ClassCount)
            : NodeTargets.Single(device, nodes is null ? labels.Classes!.Span : Classes(labels, nodes));
    }

    /// <summary>The class of each of <paramref name="nodes"/> (−1 = unlabeled).</summary>
    public static int[] Classes(NodeLabels labels, int[] nodes)
    {
        var all = labels.Classes ?? throw new InvalidOperationException("multi-label targets have no single class per node.");
        var result = new int[nodes.Length];
        for (int i = 0; i < nodes.Length; i++) result[i] = all[nodes[i]];
        return result;
    }

    /// <summary>The 0/1 rows of <paramref name="nodes"/> (every node when null) as floats, row-major.</summary>
    public static float[] MultiHot(NodeLabels labels, int[]? nodes, int nodeCount)
    {
        var all = labels.MultiHot ?? throw new InvalidOperationException("single-label targets have no multi-hot rows.");
        int c = labels.ClassCount, count = nodes?.Length ?? nodeCount;
        var result = new float[(long)count * c];
        for (int i = 0; i < count; i++)
        {
            var row = all.Slice((long)(nodes is null ? i : nodes[i]) * c, c);
            for (int j = 0; j < c; j++) result[(long)i * c + j] = row[j];
        }
        return result;
    }
}
