namespace ClusterGcn.Engine.Kernels.Ilgpu;

/// <summary>Marks a static method of the ILGPU backend as an explicitly grouped kernel entry point, so tests can
/// find every kernel and compile it offline for each target (PTX, OpenCL C) without a GPU.</summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class KernelEntryAttribute : Attribute;
