using System.Runtime.CompilerServices;

// The CPU accelerator launches kernels through types ILGPU emits into a dynamic assembly named "ILGPURuntime";
// kernel parameter structs (Partition, ProductLayout, AdamScalars) stay internal, so that assembly needs access.
[assembly: InternalsVisibleTo("ILGPURuntime")]
