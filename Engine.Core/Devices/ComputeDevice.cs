using System.Runtime.Intrinsics;
using ClusterGcn.Engine.Core.Tensors;
using ClusterGcn.Engine.Kernels;
using ClusterGcn.Engine.Kernels.Ilgpu;
using ClusterGcn.Engine.Kernels.Simd;
using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;
using ILGPU.Runtime.OpenCL;

namespace ClusterGcn.Engine.Core.Devices;

/// <summary>One accelerator with its kernel backend, the tensor factories and the buffer pool: everything a
/// training run needs to place and compute tensors.</summary>
/// <remarks>
/// Kinds (the values of <c>--device</c>): "cpu" runs the SIMD kernels on ILGPU's CPU accelerator (its buffers are host
/// memory); "ilgpu-cpu" runs the ILGPU kernels there, which proves the GPU kernels without a GPU but is slow;
/// "cuda" and "opencl" run the ILGPU kernels on the first such GPU; "auto" takes CUDA, then OpenCL, then "cpu".
/// A device serves one training loop: its pool and scopes are not thread-safe.
/// </remarks>
public sealed class ComputeDevice : IDisposable
{
    /// <summary>The values <see cref="Open"/> accepts, in the order the help text lists them.</summary>
    public static IReadOnlyList<string> Kinds { get; } = ["auto", "cuda", "opencl", "cpu", "ilgpu-cpu"];

    private const string CudaMissing = "no CUDA device found (is the NVIDIA driver's libcuda.so.1 on the loader path?)";
    private const string OpenClMissing = "no OpenCL device that ILGPU can use (it needs OpenCL C 2.0 with the generic address space)";

    private readonly Context context;
    private readonly BufferPool pool;
    private TensorScope? currentScope;

    private ComputeDevice(Context context, Accelerator accelerator, KernelBackend kernels, string kind, string name)
    {
        (this.context, Accelerator, Kernels, Kind, Name) = (context, accelerator, kernels, kind, name);
        pool = new BufferPool(accelerator);
    }

    /// <summary>The resolved kind: "cuda", "opencl", "cpu" or "ilgpu-cpu" (never "auto").</summary>
    public string Kind { get; }

    /// <summary>A readable name: the GPU's name, or the CPU backend and its thread count.</summary>
    public string Name { get; }

    /// <summary>The accelerator that owns every buffer of this device.</summary>
    public Accelerator Accelerator { get; }

    /// <summary>The ops, implemented for this accelerator.</summary>
    public KernelBackend Kernels { get; }

    /// <summary>Buffers the pool has obtained from the accelerator so far. A training step that allocates no new
    /// memory leaves it unchanged.</summary>
    public long BufferAllocations => pool.Allocations;

    /// <summary>Opens the device of the given kind (case-insensitive).</summary>
    /// <exception cref="ArgumentException"><paramref name="kind"/> is not one of <see cref="Kinds"/>.</exception>
    /// <exception cref="DeviceUnavailableException">No usable device of that kind is on this machine.</exception>
    public static ComputeDevice Open(string kind)
    {
        ArgumentNullException.ThrowIfNull(kind);
        string wanted = kind.Trim().ToLowerInvariant();
        if (!Kinds.Contains(wanted))
            throw new ArgumentException($"--device {kind}: unknown device; valid kinds are {string.Join(", ", Kinds)}.", nameof(kind));

        var context = Accelerators.CreateContext();
        try
        {
            return wanted switch
            {
                "cpu" => OpenCpu(context),
                "ilgpu-cpu" => OpenIlgpuCpu(context),
                "cuda" => OpenGpu(context, "cuda", context.GetCudaDevices(), CudaMissing)!,
                "opencl" => OpenGpu(context, "opencl", context.GetCLDevices(), OpenClMissing)!,
                _ => OpenGpu(context, null, context.GetCudaDevices(), CudaMissing)
                    ?? OpenGpu(context, null, context.GetCLDevices(), OpenClMissing)
                    ?? OpenCpu(context),
            };
        }
        catch
        {
            context.Dispose();
            throw;
        }
    }

    /// <summary>Every usable device on this machine: each CUDA and OpenCL device ILGPU can use, then "cpu" and "ilgpu-cpu".</summary>
    public static IReadOnlyList<DeviceInfo> Discover()
    {
        using var context = Accelerators.CreateContext();
        var found = new List<DeviceInfo>();
        foreach (var gpu in context.GetCudaDevices()) found.Add(new DeviceInfo("cuda", gpu.Name, gpu.MemorySize));
        foreach (var gpu in context.GetCLDevices()) found.Add(new DeviceInfo("opencl", gpu.Name, gpu.MemorySize));
        // ILGPU's CPU device reports no meaningful size; its buffers come from the process's host memory.
        long host = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        found.Add(new DeviceInfo("cpu", SimdName, host));
        found.Add(new DeviceInfo("ilgpu-cpu", IlgpuCpuName, host));
        return found;
    }

    /// <summary>Opens a scope that owns the tensors created until it is disposed; see <see cref="TensorScope"/>.</summary>
    public TensorScope BeginScope() => currentScope = new TensorScope(this, currentScope);

    /// <summary>A rows × cols tensor of zeros.</summary>
    public Tensor Zeros(int rows, int cols, bool requiresGrad = false)
    {
        var tensor = Empty(rows, cols, requiresGrad);
        tensor.View.Data.MemSetToZero();
        return tensor;
    }

    /// <summary>A rows × cols tensor holding <paramref name="data"/> (row-major), copied to the accelerator.</summary>
    /// <exception cref="ArgumentException"><paramref name="data"/> does not hold rows·cols values.</exception>
    public Tensor FromHost(ReadOnlySpan<float> data, int rows, int cols, bool requiresGrad = false)
    {
        if (rows < 0 || cols < 0 || data.Length != (long)rows * cols)
            throw new ArgumentException($"tensor [{rows}, {cols}] needs {(long)rows * cols} values but {data.Length} were given.", nameof(data));
        var tensor = Empty(rows, cols, requiresGrad);
        DeviceBuffers.CopyFromHost(tensor.View.Data, data);
        return tensor;
    }

    /// <summary>Frees the pooled buffers no tensor uses, e.g. before inference, whose block sizes differ from training's.</summary>
    public void TrimPool() => pool.Trim();

    /// <summary>Releases the backend, the pooled buffers, the accelerator (with any buffer still in use) and the context.</summary>
    public void Dispose()
    {
        Kernels.Dispose();
        pool.Dispose();
        Accelerator.Dispose();
        context.Dispose();
    }

    /// <summary>A rows × cols tensor with unspecified contents, for op outputs that the kernel overwrites.</summary>
    internal Tensor Empty(int rows, int cols, bool requiresGrad)
    {
        if (rows < 0 || cols < 0)
            throw new ArgumentException($"tensor shape [{rows}, {cols}] is negative.", nameof(rows));
        var tensor = new Tensor(this, pool.Rent((long)rows * cols), rows, cols, requiresGrad);
        currentScope?.Adopt(tensor);
        return tensor;
    }

    /// <summary>A zeroed buffer for the gradient of a tensor, owned by that tensor rather than by a scope.</summary>
    internal MemoryBuffer1D<float, Stride1D.Dense> RentZeroed(long length)
    {
        var buffer = pool.Rent(length);
        buffer.View.SubView(0, length).MemSetToZero();
        return buffer;
    }

    internal void Return(MemoryBuffer1D<float, Stride1D.Dense> buffer) => pool.Return(buffer);

    internal void EndScope(TensorScope scope)
    {
        if (!ReferenceEquals(scope, currentScope))
            throw new InvalidOperationException("tensor scope: an inner scope is still open; dispose scopes innermost first.");
        currentScope = scope.Outer;
    }

    private static string SimdName =>
        $"host CPU, SIMD ({(Vector512.IsHardwareAccelerated ? "Vector512" : Vector256.IsHardwareAccelerated ? "Vector256" : "Vector128")}), {Environment.ProcessorCount} threads";

    private static string IlgpuCpuName => $"ILGPU CPU accelerator, {Environment.ProcessorCount} threads";

    private static ComputeDevice OpenCpu(Context context)
    {
        var accelerator = Accelerators.CreateCpu(context);
        return new ComputeDevice(context, accelerator, new SimdBackend(accelerator), "cpu", SimdName);
    }

    private static ComputeDevice OpenIlgpuCpu(Context context)
    {
        var accelerator = Accelerators.CreateCpu(context);
        return new ComputeDevice(context, accelerator, new IlgpuBackend(accelerator), "ilgpu-cpu", IlgpuCpuName);
    }

    /// <summary>Opens the first of <paramref name="devices"/>. When <paramref name="requested"/> names the kind, a missing or
    /// unusable device throws; under "auto" (null) it gives null so the next kind is tried.</summary>
    private static ComputeDevice? OpenGpu<TDevice>(Context context, string? requested, Context.DeviceCollection<TDevice> devices, string missing)
        where TDevice : ILGPU.Runtime.Device
    {
        if (devices.Count == 0)
            return requested is null ? null : throw new DeviceUnavailableException($"--device {requested}: {missing}");
        var device = devices[0];
        string kind = device.AcceleratorType == AcceleratorType.Cuda ? "cuda" : "opencl";
        Accelerator? accelerator = null;
        try
        {
            accelerator = device.CreateAccelerator(context);
            return new ComputeDevice(context, accelerator, new IlgpuBackend(accelerator), kind, device.Name);
        }
        // ILGPU reports driver and compiler failures with these; any of them means this device cannot run our kernels.
        catch (Exception e) when (e is AcceleratorException or DllNotFoundException or EntryPointNotFoundException
                                      or NotSupportedException or InvalidOperationException)
        {
            accelerator?.Dispose();
            if (requested is null) return null;
            string reason = e.Message.Split('\n', 2)[0].Trim();
            throw new DeviceUnavailableException($"--device {requested}: {device.Name} cannot be used by ILGPU ({reason})", e);
        }
    }
}
