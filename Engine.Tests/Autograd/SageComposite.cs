using ClusterGcn.Engine.Core.Autograd;
using ClusterGcn.Engine.Core.Devices;
using ClusterGcn.Engine.Core.Tensors;
using ClusterGcn.Engine.Kernels;
using ClusterGcn.Engine.Kernels.Sparse;
using ClusterGcn.Engine.Tests.Support;
using ILGPU;
using ILGPU.Runtime;

namespace ClusterGcn.Engine.Tests.Autograd;

/// <summary>A two-layer GraphSAGE-like model on a 12-node batch gathered from 15 nodes, written twice: once with
/// <see cref="Ops"/> on a device and once with the float64 <see cref="Reference"/> ops, so that the autograd
/// gradients can be checked against central differences of the same function.</summary>
/// <remarks>
/// <code>
/// xb     = gather(X, batch)                                   X: 15 × 5, no gradient
/// h      = relu(mean(A, xb)·W1n + b1 + xb·W1r)                A: the 3 × 4 grid over the batch
/// d      = dropout(h, p, seed)
/// logits = mean(A, d)·W2n + d·W2r + b2
/// loss   = masked mean NLL of log softmax(logits)
/// </code>
/// Parameters, in this order: W1n 5 × 4, b1 1 × 4, W1r 5 × 4, W2n 4 × 3, W2r 4 × 3, b2 1 × 3.
/// </remarks>
internal sealed class SageComposite : IDisposable
{
    public const int FullNodes = 15, Features = 5, Hidden = 4, Classes = 3;
    public const float DropoutP = 0.25f;
    public const ulong DropoutSeed = 7;

    private static readonly int[] BatchIds = [14, 3, 7, 0, 9, 12, 1, 5, 11, 2, 8, 6];
    private static readonly int[] Labels = [0, 2, 1, 1, 0, 2, 2, 1, 0, 0, 1, 2];
    private static readonly int[] Mask = [1, 1, 0, 1, 1, 1, 0, 1, 1, 1, 1, 0];
    private static readonly HostCsr Adjacency = GraphFactories.Grid(3, 4);
    private static int BatchSize => BatchIds.Length;

    private readonly ComputeDevice device;
    private readonly DeviceCsr adjacency;
    private readonly DeviceIndex batch;
    private readonly MemoryBuffer1D<int, Stride1D.Dense> labels, mask;
    private readonly double[] features = Reference.Float32(Reference.Uniform(FullNodes * Features, seed: 1));

    public SageComposite(ComputeDevice device)
    {
        this.device = device;
        adjacency = DeviceCsr.Create(device.Accelerator, Adjacency.RowPtr, Adjacency.ColIdx, Adjacency.Cols);
        batch = DeviceIndex.Create(device.Accelerator, BatchIds, FullNodes);
        labels = DeviceBuffers.Upload<int>(device.Accelerator, Labels);
        mask = DeviceBuffers.Upload<int>(device.Accelerator, Mask);
        InputFeatures = device.FromHost(ToFloat(features), FullNodes, Features);
    }

    /// <summary>The (rows, cols) of each parameter.</summary>
    public static readonly (int Rows, int Cols)[] Shapes =
        [(Features, Hidden), (1, Hidden), (Features, Hidden), (Hidden, Classes), (Hidden, Classes), (1, Classes)];

    /// <summary>The input features on the device (they require no gradient).</summary>
    public Tensor InputFeatures { get; }

    /// <summary>Seeded initial parameter values, already rounded to float.</summary>
    public static double[][] InitialParameters() =>
        [.. Shapes.Select((s, i) => Reference.Float32(Reference.Uniform(s.Rows * s.Cols, seed: 100 + (ulong)i)))];

    /// <summary>Uploads <paramref name="values"/> as parameters that require gradients (outside any scope).</summary>
    public Tensor[] Upload(double[][] values) =>
        [.. values.Select((v, i) => device.FromHost(ToFloat(v), Shapes[i].Rows, Shapes[i].Cols, requiresGrad: true))];

    /// <summary>The loss on the device, recording the graph.</summary>
    public Tensor Loss(Tensor[] p, bool training = true)
    {
        var xb = Ops.GatherRows(InputFeatures, batch);
        var h = Ops.Relu(Ops.Add(Ops.AddBias(Ops.MatMul(Ops.MeanAggregate(adjacency, xb), p[0]), p[1]), Ops.MatMul(xb, p[2])));
        var d = Ops.Dropout(h, DropoutP, DropoutSeed, training);
        var logits = Ops.AddBias(Ops.Add(Ops.MatMul(Ops.MeanAggregate(adjacency, d), p[3]), Ops.MatMul(d, p[4])), p[5]);
        return Ops.LogSoftmaxNll(logits, labels.View, mask.View);
    }

    /// <summary>The same loss in float64.</summary>
    public double Loss64(double[][] p)
    {
        int n = BatchSize;
        var xb = Reference.GatherRows(features, Features, BatchIds);
        var pre = Reference.Add(
            Reference.AddBias(Reference.MatMul(MatMulForm.AB, Reference.MeanAggregate(Adjacency, xb, Features), p[0], n, Features, Hidden), p[1], n, Hidden),
            Reference.MatMul(MatMulForm.AB, xb, p[2], n, Features, Hidden));
        var d = Reference.Dropout(Reference.Relu(pre), DropoutP, DropoutSeed);
        var logits = Reference.AddBias(Reference.Add(
            Reference.MatMul(MatMulForm.AB, Reference.MeanAggregate(Adjacency, d, Hidden), p[3], n, Hidden, Classes),
            Reference.MatMul(MatMulForm.AB, d, p[4], n, Hidden, Classes)), p[5], n, Classes);
        return Reference.LogSoftmaxNll(logits, n, Classes, Labels, Mask).Loss;
    }

    public void Dispose()
    {
        InputFeatures.Dispose();
        adjacency.Dispose();
        batch.Dispose();
        labels.Dispose();
        mask.Dispose();
    }

    private static float[] ToFloat(double[] values) => Array.ConvertAll(values, v => (float)v);
}
