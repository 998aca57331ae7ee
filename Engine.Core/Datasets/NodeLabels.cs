namespace ClusterGcn.Engine.Core.Datasets;

/// <summary>The targets of a node-classification dataset: one class per node (−1 = unlabeled), or for multi-label
/// data a 0/1 row of <see cref="ClassCount"/> entries per node.</summary>
public sealed class NodeLabels : IDisposable
{
    private NodeLabels(int classCount, HostArray<int>? classes, HostArray<byte>? multiHot) =>
        (ClassCount, Classes, MultiHot) = (classCount, classes, multiHot);

    /// <summary>Number of classes C.</summary>
    public int ClassCount { get; }

    /// <summary>Whether each node carries a 0/1 vector of C labels (sigmoid + BCE) instead of one class (softmax + NLL).</summary>
    public bool IsMultiLabel => MultiHot is not null;

    /// <summary>Single-label: the class of each node in [0, C), or −1 when unlabeled. Null for multi-label data.</summary>
    public HostArray<int>? Classes { get; }

    /// <summary>Multi-label: row-major [N, C] of 0/1. Null for single-label data.</summary>
    public HostArray<byte>? MultiHot { get; }

    /// <summary>Single-label targets; <paramref name="classes"/> holds −1 for unlabeled nodes.</summary>
    public static NodeLabels Single(HostArray<int> classes, int classCount) => new(classCount, classes, null);

    /// <summary>Multi-label targets, row-major [N, <paramref name="classCount"/>] of 0/1.</summary>
    public static NodeLabels Multi(HostArray<byte> multiHot, int classCount) => new(classCount, null, multiHot);

    /// <inheritdoc/>
    public void Dispose()
    {
        Classes?.Dispose();
        MultiHot?.Dispose();
    }
}
