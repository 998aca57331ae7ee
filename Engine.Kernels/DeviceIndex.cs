using ILGPU;
using ILGPU.Runtime;

namespace ClusterGcn.Engine.Kernels;

/// <summary>A list of row ids on an accelerator, checked on the host before upload, so kernels that gather or
/// scatter through it can never read or write outside their matrices.</summary>
public sealed class DeviceIndex : IDisposable
{
    private readonly MemoryBuffer1D<int, Stride1D.Dense> buffer;

    private DeviceIndex(MemoryBuffer1D<int, Stride1D.Dense> buffer, int count, int bound, bool distinct) =>
        (this.buffer, Count, Bound, Distinct) = (buffer, count, bound, distinct);

    /// <summary>Number of ids.</summary>
    public int Count { get; }

    /// <summary>Every id is below this bound (the row count of the matrix it indexes).</summary>
    public int Bound { get; }

    /// <summary>Whether no id repeats: scattering through the index is then race-free without atomics.</summary>
    public bool Distinct { get; }

    /// <summary>The ids on the accelerator.</summary>
    public ArrayView<int> View => buffer.View.SubView(0, Count);

    /// <summary>Checks that every id lies in [0, <paramref name="bound"/>) and uploads them.</summary>
    /// <exception cref="ArgumentException">An id is out of range (the message names <paramref name="operand"/>).</exception>
    public static DeviceIndex Create(Accelerator accelerator, ReadOnlySpan<int> ids, int bound, string operand = "index")
    {
        var seen = new bool[Math.Max(bound, 0)];
        bool distinct = true;
        for (int i = 0; i < ids.Length; i++)
        {
            if ((uint)ids[i] >= (uint)bound)
                throw new ArgumentException($"{operand}: id {ids[i]} at position {i} is outside [0, {bound}).", operand);
            distinct &= !seen[ids[i]];
            seen[ids[i]] = true;
        }
        return new DeviceIndex(DeviceBuffers.Upload(accelerator, ids), ids.Length, bound, distinct);
    }

    /// <inheritdoc />
    public void Dispose() => buffer.Dispose();
}
