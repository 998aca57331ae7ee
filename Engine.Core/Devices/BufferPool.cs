using System.Numerics;
using ILGPU;
using ILGPU.Runtime;

namespace ClusterGcn.Engine.Core.Devices;

/// <summary>Free lists of float buffers by size class, so the intermediates of one training step reuse the memory of
/// the previous step instead of calling the accelerator's allocator (cudaMalloc) once per op.</summary>
/// <remarks>Cluster-GCN batches differ in node count from step to step, so exact sizes would rarely match again.
/// Sizes are rounded up to classes m·2^e with m ∈ {4, 5, 6, 7, 8} (at most 25% slack, at least 64 floats), and a
/// tensor uses the first part of its buffer. Buffers are reused in issue order on the accelerator's default stream,
/// so a buffer returned while a kernel still reads it is only written by kernels queued after that one.
/// Not thread-safe: one device serves one training loop.</remarks>
internal sealed class BufferPool(Accelerator accelerator) : IDisposable
{
    private const long MinimumClass = 64;
    private readonly Dictionary<long, Stack<MemoryBuffer1D<float, Stride1D.Dense>>> free = [];

    /// <summary>Buffers obtained from the accelerator so far; stays flat once training reaches its steady state.</summary>
    public long Allocations { get; private set; }

    /// <summary>A buffer of at least <paramref name="length"/> floats with unspecified contents.</summary>
    public MemoryBuffer1D<float, Stride1D.Dense> Rent(long length)
    {
        long size = SizeClass(length);
        if (free.TryGetValue(size, out var stack) && stack.TryPop(out var buffer)) return buffer;
        Allocations++;
        return accelerator.Allocate1D<float>(size);
    }

    /// <summary>Makes <paramref name="buffer"/> available to later <see cref="Rent"/> calls of its size class.</summary>
    public void Return(MemoryBuffer1D<float, Stride1D.Dense> buffer)
    {
        if (!free.TryGetValue(buffer.Length, out var stack)) free[buffer.Length] = stack = new();
        stack.Push(buffer);
    }

    /// <summary>Frees every buffer not currently rented.</summary>
    public void Trim()
    {
        foreach (var stack in free.Values)
            while (stack.TryPop(out var buffer)) buffer.Dispose();
        free.Clear();
    }

    /// <inheritdoc />
    public void Dispose() => Trim();

    private static long SizeClass(long length)
    {
        if (length <= MinimumClass) return MinimumClass;
        // length lies in [2^e, 2^(e+1)); a unit of 2^(e-2) rounds it up to 4..8 units.
        long unit = 1L << (BitOperations.Log2((ulong)length) - 2);
        return (length + unit - 1) / unit * unit;
    }
}
