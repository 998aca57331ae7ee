using ClusterGcn.Engine.Core.Autograd;
using ClusterGcn.Engine.Core.Devices;
using ClusterGcn.Engine.Core.Tensors;
using ClusterGcn.Engine.Kernels;
using ILGPU;
using ILGPU.Runtime;

namespace ClusterGcn.Engine.Core.Models;

/// <summary>The targets of a set of rows on a device: one class per row (softmax + NLL, accuracy) or a 0/1 row of C
/// labels (sigmoid + BCE, micro-F1). Rows count where a mask is non-zero; single-label rows also need a class ≥ 0.</summary>
public sealed class NodeTargets : IDisposable
{
    private readonly MemoryBuffer1D<int, Stride1D.Dense>? classes;
    private readonly Tensor? multiHot;

    private NodeTargets(MemoryBuffer1D<int, Stride1D.Dense>? classes, Tensor? multiHot, int rows) =>
        (this.classes, this.multiHot, Rows) = (classes, multiHot, rows);

    /// <summary>Number of rows.</summary>
    public int Rows { get; }

    /// <summary>Whether the rows carry multi-label targets.</summary>
    public bool IsMultiLabel => multiHot is not null;

    /// <summary>One class per row (−1 = unlabeled: such rows never count).</summary>
    public static NodeTargets Single(ComputeDevice device, ReadOnlySpan<int> classes) =>
        new(DeviceBuffers.Upload(device.Accelerator, classes), null, classes.Length);

    /// <summary>Row-major [rows, <paramref name="classCount"/>] of 0/1.</summary>
    public static NodeTargets Multi(ComputeDevice device, ReadOnlySpan<float> multiHot, int classCount)
    {
        int rows = classCount == 0 ? 0 : multiHot.Length / classCount;
        return new(null, device.FromHost(multiHot, rows, classCount), rows);
    }

    /// <summary>Mean loss over the counted rows, as a 1 × 1 tensor that backward starts from.</summary>
    public Tensor Loss(Tensor logits, ArrayView<int> rowMask) =>
        multiHot is not null ? Ops.SigmoidBce(logits, multiHot, rowMask) : Ops.LogSoftmaxNll(logits, classes!.View.SubView(0, Rows), rowMask);

    /// <summary>Writes on the device: single-label, counts[0] = correct and counts[1] = counted rows; multi-label,
    /// counts[0..3] = true positives, false positives, false negatives.</summary>
    public void Count(Tensor logits, ArrayView<int> rowMask, ArrayView<int> counts)
    {
        var kernels = logits.Device.Kernels;
        if (multiHot is not null) kernels.MultiLabelCounts(logits.View, multiHot.View, rowMask, counts);
        else kernels.CountCorrect(logits.View, classes!.View.SubView(0, Rows), rowMask, counts);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        classes?.Dispose();
        multiHot?.Dispose();
    }
}
