namespace ClusterGcn.Engine.Core.Devices;

/// <summary>One usable device, as <see cref="ComputeDevice.Discover"/> reports it.</summary>
/// <param name="Kind">The value of <c>--device</c> that opens it: "cuda", "opencl", "cpu" or "ilgpu-cpu".</param>
/// <param name="Name">The device's name as its driver reports it (for the CPU kinds, the backend and thread count).</param>
/// <param name="MemoryBytes">Memory the device can allocate from: GPU memory, or the host memory available to this process.</param>
public sealed record DeviceInfo(string Kind, string Name, long MemoryBytes);
