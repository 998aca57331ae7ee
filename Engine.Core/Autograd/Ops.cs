using ClusterGcn.Engine.Core.Devices;
using ClusterGcn.Engine.Core.Tensors;

namespace ClusterGcn.Engine.Core.Autograd;

/// <summary>The differentiable ops. Each one launches its forward kernel into a new tensor and, when an input
/// requires a gradient, records on the result the closure that adds the result's gradient into the inputs' gradients
/// (one file per op, forward and backward side by side). Inputs that do not require a gradient get none.</summary>
/// <remarks>Results are allocated on the inputs' device, inside its current <see cref="TensorScope"/> if one is open.</remarks>
public static partial class Ops
{
    private static ComputeDevice DeviceOf(Tensor a, Tensor b, string op) =>
        ReferenceEquals(a.Device, b.Device)
            ? a.Device
            : throw new ArgumentException($"{op}: operands live on different devices ({a.Device.Kind} and {b.Device.Kind}).", nameof(b));
}
