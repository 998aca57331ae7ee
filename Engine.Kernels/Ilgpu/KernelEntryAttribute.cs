namespace ClusterGcn.Engine.Kernels.Ilgpu;

/// <summary>Marks a static method of the ILGPU backend as an explicitly grouped kernel entry point, so tests can
/// find every kernel and compile it offline for each target (PTX, OpenCL C) without a GPU.</summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class KernelEntryAttribute : Attribute
{
    /// <summary>The kernel uses shared memory, barriers or warp operations, so the backend launches it only on GPUs;
    /// every other kernel is portable and also runs on ILGPU's CPU accelerator.</summary>
    public bool GpuOnly { get; init; }
}
