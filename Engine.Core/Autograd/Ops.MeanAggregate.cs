using ClusterGcn.Engine.Core.Tensors;
using ClusterGcn.Engine.Kernels.Sparse;

namespace ClusterGcn.Engine.Core.Autograd;

public static partial class Ops
{
    /// <summary>y[i] = mean of x[j] over the neighbours j of i in <paramref name="adjacency"/> (0 without neighbours).</summary>
    /// <remarks>The backward pass gathers over the transpose, so <paramref name="adjacency"/> needs it when x requires a gradient.</remarks>
    public static Tensor MeanAggregate(DeviceCsr adjacency, Tensor x)
    {
        var device = x.Device;
        var y = device.Empty(adjacency.Rows, x.Cols, x.RequiresGrad);
        device.Kernels.MeanAggregate(adjacency, x.View, y.View);
        if (!y.RequiresGrad) return y;
        return y.RecordedFrom([x], dy => device.Kernels.MeanAggregateBackward(adjacency, dy.View, x.Grad.View));
    }
}
