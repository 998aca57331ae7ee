using ClusterGcn.Engine.Core.Tensors;
using ClusterGcn.Engine.Kernels.Sparse;

namespace ClusterGcn.Engine.Core.Autograd;

public static partial class Ops
{
    /// <summary>y = A·x for a weighted sparse <paramref name="matrix"/> A (e.g. the GCN-normalised adjacency).</summary>
    /// <remarks>The backward pass computes Aᵀ·dY over the transpose, so the matrix needs it when x requires a gradient.</remarks>
    public static Tensor Spmm(DeviceCsr matrix, Tensor x)
    {
        var device = x.Device;
        var y = device.Empty(matrix.Rows, x.Cols, x.RequiresGrad);
        device.Kernels.Spmm(matrix, x.View, y.View);
        if (!y.RequiresGrad) return y;
        return y.RecordedFrom([x], dy => device.Kernels.SpmmBackward(matrix, dy.View, x.Grad.View));
    }
}
