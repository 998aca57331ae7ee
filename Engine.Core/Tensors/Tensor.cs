using ClusterGcn.Engine.Core.Devices;
using ClusterGcn.Engine.Kernels;
using ILGPU;
using ILGPU.Runtime;

namespace ClusterGcn.Engine.Core.Tensors;

/// <summary>A row-major rows × cols float matrix on a <see cref="ComputeDevice"/>, with its gradient and, when an op
/// made it, the record autograd needs: the op's inputs and the closure that sends its gradient to them.</summary>
/// <remarks>Create tensors with <see cref="ComputeDevice.Zeros"/> and <see cref="ComputeDevice.FromHost"/>, or as the
/// result of an op in <c>Ops</c>. A tensor created inside a <see cref="TensorScope"/> is released with it; any other
/// belongs to the caller. Its buffer comes from the device's pool and may be longer than <see cref="Length"/>.</remarks>
public sealed class Tensor : IDisposable
{
    private MemoryBuffer1D<float, Stride1D.Dense>? buffer;
    private Tensor? grad;

    internal Tensor(ComputeDevice device, MemoryBuffer1D<float, Stride1D.Dense> buffer, int rows, int cols, bool requiresGrad)
    {
        (Device, this.buffer, Rows, Cols, RequiresGrad) = (device, buffer, rows, cols, requiresGrad);
        Parents = [];
    }

    /// <summary>The device that holds the data.</summary>
    public ComputeDevice Device { get; }

    /// <summary>Number of rows.</summary>
    public int Rows { get; }

    /// <summary>Number of columns.</summary>
    public int Cols { get; }

    /// <summary>Number of elements.</summary>
    public long Length => (long)Rows * Cols;

    /// <summary>Whether gradients flow to this tensor: true for parameters and for results of ops on them.</summary>
    public bool RequiresGrad { get; }

    /// <summary>The elements as a matrix view for the kernels.</summary>
    /// <exception cref="ObjectDisposedException">The tensor was disposed, or its scope ended.</exception>
    public DenseView View => new(Storage.SubView(0, Length), Rows, Cols);

    /// <summary>Whether <see cref="Grad"/> has been allocated (by a backward pass or by reading it).</summary>
    public bool HasGrad => grad is not null;

    /// <summary>d loss / d this tensor, same shape, allocated zeroed on first use. Backward passes add into it.</summary>
    /// <exception cref="InvalidOperationException">The tensor does not require a gradient.</exception>
    public Tensor Grad
    {
        get
        {
            if (!RequiresGrad)
                throw new InvalidOperationException($"tensor {Shape}: it does not require a gradient, so it has none.");
            return grad ??= new Tensor(Device, Device.RentZeroed(Length), Rows, Cols, requiresGrad: false);
        }
    }

    /// <summary>The inputs of the op that produced this tensor; empty for leaves.</summary>
    internal IReadOnlyList<Tensor> Parents { get; private set; }

    /// <summary>Adds this tensor's gradient (the argument) into its parents' gradients; null for leaves.</summary>
    internal Action<Tensor>? BackwardFn { get; private set; }

    /// <summary>The whole pooled buffer, at least 64 floats: loss ops keep their row count next to the value.</summary>
    internal ArrayView<float> Storage =>
        (buffer ?? throw new ObjectDisposedException(nameof(Tensor), $"tensor {Shape} was released (its scope ended or it was disposed).")).View;

    private string Shape => $"[{Rows}, {Cols}]";

    /// <summary>Copies the elements to a new host array (row-major). Waits for the kernels that write them.</summary>
    public float[] ToHost() => DeviceBuffers.ToHost(View.Data);

    /// <summary>The first element, e.g. the value of a loss: the one host copy a training step makes.</summary>
    public float ReadScalar()
    {
        Span<float> value = stackalloc float[1];
        DeviceBuffers.CopyToHost(View.Data, value);
        return value[0];
    }

    /// <summary>Sets the gradient to zero, if one has been allocated.</summary>
    public void ZeroGrad() => grad?.View.Data.MemSetToZero();

    /// <summary>Returns the data and gradient buffers to the device's pool. Tensors owned by a scope are disposed by it.</summary>
    public void Dispose()
    {
        grad?.Dispose();
        grad = null;
        if (buffer is null) return;
        Device.Return(buffer);
        buffer = null;
        BackwardFn = null; // drops the closure's references to the inputs
        Parents = [];
    }

    /// <summary>Records that this tensor was computed from <paramref name="parents"/>; <paramref name="backward"/>
    /// receives this tensor's gradient and adds into the gradients of the parents that require one.</summary>
    internal Tensor RecordedFrom(Tensor[] parents, Action<Tensor> backward)
    {
        (Parents, BackwardFn) = (parents, backward);
        return this;
    }
}
