using ClusterGcn.Engine.Core.Autograd;
using ClusterGcn.Engine.Core.Devices;
using ClusterGcn.Engine.Kernels;
using ClusterGcn.Engine.Tests.Support;

namespace ClusterGcn.Engine.Tests.Autograd;

public sealed class TapeTests
{
    [Test]
    public void Backward_walks_a_graph_far_deeper_than_the_call_stack_allows_recursion()
    {
        // 50 000 ops would overflow a 1 MB stack if the topological sort recursed once per op.
        const int depth = 50_000;
        double[] logits = [0.5, -1, 2, 0.25];
        using var device = ComputeDevice.Open("cpu");
        using var x = device.FromHost(Array.ConvertAll(logits, v => (float)v), 1, 4, requiresGrad: true);
        using var labels = DeviceBuffers.Upload<int>(device.Accelerator, [2]);
        using var mask = DeviceBuffers.Upload<int>(device.Accelerator, [1]);
        using (device.BeginScope())
        {
            var zero = device.Zeros(1, 4);
            var y = x;
            for (int i = 0; i < depth; i++) y = Ops.Add(y, zero);
            Tape.Backward(Ops.LogSoftmaxNll(y, labels.View, mask.View));
        }
        // The chain is the identity, so the gradient is softmax(x) − onehot(label).
        var softmax = Array.ConvertAll(Reference.LogSoftmax(logits, 1, 4), Math.Exp);
        softmax[2] -= 1;
        GradCheck.AssertClose(x.Grad.ToHost(), softmax, 1e-5, 1e-6, "gradient through the chain");
    }
}
