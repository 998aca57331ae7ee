using ILGPU;
using ILGPU.Runtime;

namespace ClusterGcn.Engine.Kernels.Ilgpu.Optim;

/// <summary>The scalars of one Adam step, with the bias corrections folded in on the host (they depend on the step
/// count only, so computing them per element would only repeat the same Pow).</summary>
internal readonly struct AdamScalars(AdamStepSettings settings)
{
    /// <summary>lr / (1 − β1^t).</summary>
    public readonly float StepSize = settings.LearningRate / settings.BiasCorrection1;

    /// <summary>√(1 − β2^t).</summary>
    public readonly float SqrtBiasCorrection2 = MathF.Sqrt(settings.BiasCorrection2);

    public readonly float Beta1 = settings.Beta1, Beta2 = settings.Beta2, Epsilon = settings.Epsilon, WeightDecay = settings.WeightDecay;
}

/// <summary>One fused Adam step per element, with PyTorch's formula and operation order.</summary>
internal sealed class AdamKernels
{
    private readonly Accelerator accelerator;
    private readonly Action<KernelConfig, Partition, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, AdamScalars> step;

    public AdamKernels(Accelerator accelerator)
    {
        this.accelerator = accelerator;
        step = accelerator.LoadStreamKernel<Partition, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, AdamScalars>(StepKernel);
    }

    public void Step(ArrayView<float> param, ArrayView<float> grad, ArrayView<float> m, ArrayView<float> v, AdamStepSettings settings)
    {
        var launch = LaunchPolicy.For(accelerator, param.Length);
        step(launch.Config, launch.Work, param, grad, m, v, new AdamScalars(settings));
    }

    // As torch.optim.Adam: g += λp; m = β1·m + (1 − β1)·g; v = β2·v + (1 − β2)·g²;
    // p −= (lr / bc1)·m / (√v / √bc2 + ε).
    [KernelEntry]
    internal static void StepKernel(Partition work, ArrayView<float> param, ArrayView<float> grad, ArrayView<float> m,
        ArrayView<float> v, AdamScalars s)
    {
        var range = work.ForThisThread();
        for (long i = range.Start; i < range.End; i += range.Step)
        {
            float p = param[i];
            float g = grad[i] + s.WeightDecay * p;
            float mi = s.Beta1 * m[i] + (1f - s.Beta1) * g;
            float vi = s.Beta2 * v[i] + (1f - s.Beta2) * g * g;
            m[i] = mi;
            v[i] = vi;
            param[i] = p - s.StepSize * (mi / (MathF.Sqrt(vi) / s.SqrtBiasCorrection2 + s.Epsilon));
        }
    }
}
