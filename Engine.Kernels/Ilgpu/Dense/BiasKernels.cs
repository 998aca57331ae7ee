using ILGPU;
using ILGPU.Runtime;

namespace ClusterGcn.Engine.Kernels.Ilgpu.Dense;

/// <summary>The matrix and bias views of a bias kernel as floats, quads and 16-float slabs; only the width the launch
/// chose is non-empty.</summary>
internal readonly struct BiasViews(ArrayView<float> matrix, ArrayView<float> bias, int width)
{
    public readonly ArrayView<float> Matrix = width == 1 ? matrix : ArrayView<float>.Empty, Bias = width == 16 || width == 1 ? bias : ArrayView<float>.Empty;
    public readonly ArrayView<Float4> Matrix4 = Quads.Of(matrix, width == 4), Bias4 = Quads.Of(bias, width == 4);
    public readonly ArrayView<Float4x4> Matrix16 = Quads.SlabsOf(matrix, width == 16), Bias16 = Quads.SlabsOf(bias, width == 16);
}

/// <summary>y[i, j] += bias[j], and its gradient dBias[j] += Σ_i dY[i, j]. Rows of whole slabs (on the CPU accelerator)
/// or quads are read 16 or 4 columns per access: on the CPU accelerator every access pays a bounds check, on GPUs a
/// quad is one vector load.</summary>
internal sealed class BiasKernels
{
    private readonly Accelerator accelerator;
    private readonly Action<KernelConfig, Partition, BiasViews, int, int> forward;
    private readonly Action<KernelConfig, Partition, BiasViews, int, int, int> backward;

    public BiasKernels(Accelerator accelerator)
    {
        this.accelerator = accelerator;
        forward = accelerator.LoadStreamKernel<Partition, BiasViews, int, int>(ForwardKernel);
        backward = accelerator.LoadStreamKernel<Partition, BiasViews, int, int, int>(BackwardKernel);
    }

    public void Forward(DenseView y, ArrayView<float> bias)
    {
        int width = Width(y, bias);
        var launch = LaunchPolicy.For(accelerator, y.Length / width);
        forward(launch.Config, launch.Work, new BiasViews(y.Data, bias, width), y.Cols / width, width);
    }

    public void Backward(DenseView dY, ArrayView<float> dBias)
    {
        int width = Width(dY, dBias);
        var launch = LaunchPolicy.For(accelerator, dY.Cols / width);
        backward(launch.Config, launch.Work, new BiasViews(dY.Data, dBias, width), dY.Rows, dY.Cols / width, width);
    }

    // The bias is read or written at the matrix's width, so it must start on the same boundary.
    private int Width(DenseView matrix, ArrayView<float> bias)
    {
        if (accelerator.AcceleratorType == AcceleratorType.CPU && matrix.Cols % 16 == 0 && Quads.SlabAligned(matrix.Data) && Quads.SlabAligned(bias))
            return 16;
        return matrix.Cols % 4 == 0 && Quads.Fit(matrix.Data, bias) ? 4 : 1;
    }

    // Item i is access i of the matrix; its column group is i mod perRow.
    [KernelEntry]
    internal static void ForwardKernel(Partition work, BiasViews v, int perRow, int width)
    {
        var range = work.ForThisThread();
        for (long i = range.Start; i < range.End; i += range.Step)
        {
            if (width == 16) v.Matrix16[i] = v.Matrix16[i] + v.Bias16[i % perRow];
            else if (width == 4) v.Matrix4[i] = v.Matrix4[i] + v.Bias4[i % perRow];
            else v.Matrix[i] += v.Bias[i % perRow];
        }
    }

    // One item per column group (16, 4 or 1 columns), summing down the rows in a fixed order: deterministic, no
    // atomics, and neighbouring GPU threads read neighbouring columns of each row.
    [KernelEntry]
    internal static void BackwardKernel(Partition work, BiasViews v, int rows, int perRow, int width)
    {
        var range = work.ForThisThread();
        for (long j = range.Start; j < range.End; j += range.Step)
        {
            if (width == 16)
            {
                Float4x4 sum = default;
                for (int i = 0; i < rows; i++) sum = sum + v.Matrix16[i * (long)perRow + j];
                long c = 16 * j;
                AddTo(v.Bias, c, sum.R0); AddTo(v.Bias, c + 4, sum.R1); AddTo(v.Bias, c + 8, sum.R2); AddTo(v.Bias, c + 12, sum.R3);
            }
            else if (width == 4)
            {
                Float4 sum = default;
                for (int i = 0; i < rows; i++) sum = sum + v.Matrix4[i * (long)perRow + j];
                v.Bias4[j] = v.Bias4[j] + sum;
            }
            else
            {
                float sum = 0f;
                for (int i = 0; i < rows; i++) sum += v.Matrix[i * (long)perRow + j];
                v.Bias[j] += sum;
            }
        }
    }

    private static void AddTo(ArrayView<float> x, long at, Float4 q)
    {
        x[at] += q.X; x[at + 1] += q.Y; x[at + 2] += q.Z; x[at + 3] += q.W;
    }
}
