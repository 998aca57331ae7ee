using ILGPU;
using ILGPU.Runtime;

namespace ClusterGcn.Engine.Kernels.Ilgpu.Dense;

/// <summary>y[i, j] += bias[j], and its gradient dBias[j] += Σ_i dY[i, j].</summary>
internal sealed class BiasKernels
{
    private readonly Accelerator accelerator;
    private readonly Action<KernelConfig, Partition, ArrayView<float>, ArrayView<float>, ArrayView<Float4>, ArrayView<Float4>, int, int> forward;
    private readonly Action<KernelConfig, Partition, ArrayView<float>, ArrayView<Float4>, ArrayView<float>, int, int, int> backward;

    public BiasKernels(Accelerator accelerator)
    {
        this.accelerator = accelerator;
        forward = accelerator.LoadStreamKernel<Partition, ArrayView<float>, ArrayView<float>, ArrayView<Float4>, ArrayView<Float4>, int, int>(ForwardKernel);
        backward = accelerator.LoadStreamKernel<Partition, ArrayView<float>, ArrayView<Float4>, ArrayView<float>, int, int, int>(BackwardKernel);
    }

    /// <remarks>Rows of whole, aligned quads (and an aligned bias) are updated four columns per access.</remarks>
    public void Forward(DenseView y, ArrayView<float> bias)
    {
        bool quads = Quads.Fit(y.Data, bias);
        var launch = LaunchPolicy.For(accelerator, quads ? y.Length / 4 : y.Length);
        forward(launch.Config, launch.Work, y.Data, bias, Quads.Of(y.Data, quads), Quads.Of(bias, quads), y.Cols, quads ? 1 : 0);
    }

    /// <remarks>Rows made of whole quads that start on a 16-byte boundary are read four columns per access (one
    /// bounds check on the CPU accelerator, one vector load on GPUs); other shapes column by column.</remarks>
    public void Backward(DenseView dY, ArrayView<float> dBias)
    {
        bool quads = dY.Cols % 4 == 0 && Quads.Aligned(dY.Data);
        var launch = LaunchPolicy.For(accelerator, quads ? dY.Cols / 4 : dY.Cols);
        backward(launch.Config, launch.Work, dY.Data, Quads.Of(dY.Data, quads), dBias, dY.Rows, dY.Cols, quads ? 1 : 0);
    }

    [KernelEntry]
    internal static void ForwardKernel(Partition work, ArrayView<float> y, ArrayView<float> bias, ArrayView<Float4> y4,
        ArrayView<Float4> bias4, int cols, int quads)
    {
        var range = work.ForThisThread();
        long quadsPerRow = cols / 4;
        for (long i = range.Start; i < range.End; i += range.Step)
        {
            if (quads != 0) y4[i] = y4[i] + bias4[i % quadsPerRow];
            else y[i] += bias[i % cols];
        }
    }

    // One item per column (or per quad of columns), summing down the rows in a fixed order: deterministic, no
    // atomics, and neighbouring GPU threads read neighbouring columns of each row.
    [KernelEntry]
    internal static void BackwardKernel(Partition work, ArrayView<float> dY, ArrayView<Float4> dY4, ArrayView<float> dBias,
        int rows, int cols, int quads)
    {
        var range = work.ForThisThread();
        for (long j = range.Start; j < range.End; j += range.Step)
        {
            if (quads != 0)
            {
                float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f;
                long quadsPerRow = cols / 4;
                for (int i = 0; i < rows; i++)
                {
                    var q = dY4[i * quadsPerRow + j];
                    s0 += q.X; s1 += q.Y; s2 += q.Z; s3 += q.W;
                }
                dBias[4 * j] += s0; dBias[4 * j + 1] += s1; dBias[4 * j + 2] += s2; dBias[4 * j + 3] += s3;
            }
            else
            {
                float sum = 0f;
                for (int i = 0; i < rows; i++) sum += dY[(long)i * cols + j];
                dBias[j] += sum;
            }
        }
    }
}
