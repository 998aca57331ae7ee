using System.Runtime.InteropServices;
using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;
using ILGPU.Runtime.OpenCL;

namespace ClusterGcn.Engine.Kernels;

/// <summary>Creates the ILGPU context and accelerators the engine uses, with the measured settings of
/// docs/kernels.md: a CPU device with one thread per core, and a CUDA driver resolver.</summary>
public static class Accelerators
{
    private static int resolverInstalled;

    /// <summary>A context that knows the CPU accelerator, CUDA and OpenCL devices, with ILGPU.Algorithms enabled.</summary>
    /// <remarks>ILGPU imports the driver as "cuda" and swallows the load error, reporting zero devices. Images that
    /// ship only <c>libcuda.so.1</c> then look GPU-less, so the resolver tries that name first.</remarks>
    public static Context CreateContext()
    {
        InstallCudaResolver();
        return Context.Create(builder => builder
            .CPU(CpuDevice())
            .Cuda()
            .OpenCL()
            .EnableAlgorithms()
            .Optimize(OptimizationLevel.O2));
    }

    /// <summary>ILGPU's CPU accelerator in parallel mode. Its buffers are host memory, shared with the SIMD backend.</summary>
    public static CPUAccelerator CreateCpu(Context context) =>
        context.GetCPUDevice(0).CreateCPUAccelerator(context, CPUAcceleratorMode.Parallel);

    /// <summary>One OS thread per core: ILGPU's default simulates a 16-thread group, which costs 7× more per launch
    /// on 2 cores (ilgpu-notes §3.2). Warps must have at least 2 threads.</summary>
    private static CPUDevice CpuDevice() =>
        new(numThreadsPerWarp: Math.Max(2, Environment.ProcessorCount), numWarpsPerMultiprocessor: 1, numMultiprocessors: 1);

    private static void InstallCudaResolver()
    {
        if (!OperatingSystem.IsLinux() || Interlocked.Exchange(ref resolverInstalled, 1) == 1) return;
        try
        {
            NativeLibrary.SetDllImportResolver(typeof(Context).Assembly, (name, assembly, path) =>
                name == "cuda" && NativeLibrary.TryLoad("libcuda.so.1", assembly, path, out var handle) ? handle : IntPtr.Zero);
        }
        catch (InvalidOperationException)
        {
            // ILGPU already installed its own resolver (it does under WSL); that one finds the driver.
        }
    }
}
