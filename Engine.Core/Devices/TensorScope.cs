using ClusterGcn.Engine.Core.Tensors;

namespace ClusterGcn.Engine.Core.Devices;

/// <summary>Owns every tensor created on its device while it is the innermost open scope, and hands their buffers
/// (and their gradients') back to the device's pool when disposed. One scope around each training step makes the
/// next step reuse the same memory.</summary>
/// <remarks>
/// <code>
/// using (device.BeginScope())
/// {
///     var loss = model.Loss(batch);   // intermediates belong to the scope
///     Tape.Backward(loss);            // parameter gradients belong to the parameters, created outside
///     optimizer.Step();
///     total += loss.ReadScalar();     // read what you need before the scope ends
/// }                                   // every intermediate is back in the pool, and unusable
/// </code>
/// Tensors created outside any scope (parameters, optimizer moments) belong to the caller, who disposes them.
/// Scopes nest and must be disposed innermost first.
/// </remarks>
public sealed class TensorScope : IDisposable
{
    private readonly ComputeDevice device;
    private readonly List<Tensor> owned = [];
    private bool disposed;

    internal TensorScope(ComputeDevice device, TensorScope? outer) => (this.device, Outer) = (device, outer);

    internal TensorScope? Outer { get; }

    /// <summary>Number of tensors the scope currently owns.</summary>
    public int Count => owned.Count;

    internal void Adopt(Tensor tensor) => owned.Add(tensor);

    /// <summary>Returns the buffers of every owned tensor to the pool; the tensors can no longer be read.</summary>
    /// <exception cref="InvalidOperationException">An inner scope of the same device is still open.</exception>
    public void Dispose()
    {
        if (disposed) return;
        device.EndScope(this);
        disposed = true;
        for (int i = owned.Count - 1; i >= 0; i--) owned[i].Dispose();
        owned.Clear();
    }
}
