namespace ClusterGcn.Engine.Kernels.Ilgpu;

/// <summary>Four consecutive floats, read with one view access: on ILGPU's CPU accelerator every view access pays a
/// bounds check (ilgpu-notes §4), so wide reads cut the cost of load-bound kernels; on CUDA it is one vector load.</summary>
internal struct Float4
{
    public float X, Y, Z, W;
}

/// <summary>Four consecutive <see cref="Float4"/>s, read with one view access (one bounds check on the CPU
/// accelerator instead of four).</summary>
internal struct Float4x4
{
    public Float4 R0, R1, R2, R3;
}
