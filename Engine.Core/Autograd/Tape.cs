using ClusterGcn.Engine.Core.Tensors;
using ClusterGcn.Engine.Kernels;

namespace ClusterGcn.Engine.Core.Autograd;

/// <summary>Reverse-mode differentiation over the graph that ops record on their outputs.</summary>
public static class Tape
{
    /// <summary>Seeds d loss / d loss = 1 and calls every recorded backward once, outputs before inputs, so each
    /// tensor's gradient is complete before it flows on. Leaf gradients (parameters) accumulate across calls until
    /// <see cref="Tensor.ZeroGrad"/>; gradients of intermediates are reset first, so running Backward twice on the same
    /// graph adds the same gradient twice to the leaves.</summary>
    /// <exception cref="ArgumentException"><paramref name="loss"/> is not a 1 × 1 tensor that requires a gradient.</exception>
    public static void Backward(Tensor loss)
    {
        if (loss.Rows != 1 || loss.Cols != 1)
            throw new ArgumentException($"backward: the loss must be a [1, 1] tensor, not [{loss.Rows}, {loss.Cols}].", nameof(loss));
        if (!loss.RequiresGrad)
            throw new ArgumentException("backward: the loss does not depend on any tensor that requires a gradient.", nameof(loss));

        var order = TopologicalOrder(loss);
        foreach (var tensor in order)
            if (tensor.BackwardFn is not null) tensor.ZeroGrad();
        DeviceBuffers.CopyFromHost(loss.Grad.View.Data, [1f]);
        for (int i = order.Count - 1; i >= 0; i--) order[i].BackwardFn?.Invoke(order[i].Grad);
    }

    /// <summary>Every tensor that requires a gradient and reaches <paramref name="root"/>, inputs before the ops that
    /// use them. Iterative (an explicit stack of (tensor, next parent)) so deep graphs cannot overflow the call stack.</summary>
    private static List<Tensor> TopologicalOrder(Tensor root)
    {
        var order = new List<Tensor>();
        var visited = new HashSet<Tensor>(ReferenceEqualityComparer.Instance) { root };
        var stack = new Stack<(Tensor Tensor, int NextParent)>();
        stack.Push((root, 0));
        while (stack.TryPop(out var frame))
        {
            var (tensor, next) = frame;
            if (next < tensor.Parents.Count)
            {
                stack.Push((tensor, next + 1));
                var parent = tensor.Parents[next];
                if (parent.RequiresGrad && visited.Add(parent)) stack.Push((parent, 0));
            }
            else
            {
                order.Add(tensor); // all its parents are already listed
            }
        }
        return order;
    }
}
