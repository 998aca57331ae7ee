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

/// <summary>The four tensors of an Adam step, as floats and as quads; only the width the launch chose is non-empty.</summary>
internal readonly struct AdamViews(ArrayView<float> param, ArrayView<float> grad, ArrayView<float> m, ArrayView<float> v, bool quads)
{
    public readonly ArrayView<float> Param = quads ? ArrayView<float>.Empty : param, Grad = quads ? ArrayView<float>.Empty : grad,
        M = quads ? ArrayView<float>.Empty : m, V = quads ? ArrayView<float>.Empty : v;

    public readonly ArrayView<Float4> Param4 = Quads.Of(param, quads), Grad4 = Quads.Of(grad, quads), M4 = Quads.Of(m, quads),
        V4 = Quads.Of(v, quads);
}

/// <summary>One fused Adam step per element, with PyTorch's formula and operation order. Tensors of whole, aligned
/// quads are read four floats per access: one bounds check on the CPU accelerator, one vector load on GPUs.</summary>
internal sealed class AdamKernels
{
    private readonly Accelerator accelerator;
    private readonly Action<KernelConfig, Partition, AdamViews, AdamScalars, int> step;

    public AdamKernels(Accelerator accelerator)
    {
        this.accelerator = accelerator;
        step = accelerator.LoadStreamKernel<Partition, AdamViews, AdamScalars, int>(StepKernel);
    }

    public void Step(ArrayView<float> param, ArrayView<float> grad, ArrayView<float> m, ArrayView<float> v, AdamStepSettings settings)
    {
        bool quads = Quads.Fit(param, grad, m, v);
        var launch = LaunchPolicy.For(accelerator, quads ? param.Length / 4 : param.Length);
        step(launch.Config, launch.Work, new AdamViews(param, grad, m, v, quads), new AdamScalars(settings), quads ? 1 : 0);
    }

    [KernelEntry]
    internal static void StepKernel(Partition work, AdamViews t, AdamScalars s, int quads)
    {
        var range = work.ForThisThread();
        for (long i = range.Start; i < range.End; i += range.Step)
        {
            if (quads != 0)
            {
                Float4 p = t.Param4[i], g = t.Grad4[i], m = t.M4[i], v = t.V4[i];
                p.X = Update(p.X, g.X, ref m.X, ref v.X, s);
                p.Y = Update(p.Y, g.Y, ref m.Y, ref v.Y, s);
                p.Z = Update(p.Z, g.Z, ref m.Z, ref v.Z, s);
                p.W = Update(p.W, g.W, ref m.W, ref v.W, s);
                t.M4[i] = m;
                t.V4[i] = v;
                t.Param4[i] = p;
            }
            else
            {
                float m = t.M[i], v = t.V[i];
                t.Param[i] = Update(t.Param[i], t.Grad[i], ref m, ref v, s);
                t.M[i] = m;
                t.V[i] = v;
            }
        }
    }

    // As torch.optim.Adam: g += λp; m = β1·m + (1 − β1)·g; v = β2·v + (1 − β2)·g²;
    // p −= (lr / bc1)·m / (√v / √bc2 + ε). Returns the new p.
    private static float Update(float p, float grad, ref float m, ref float v, AdamScalars s)
    {
        float g = grad + s.WeightDecay * p;
        m = s.Beta1 * m + (1f - s.Beta1) * g;
        v = s.Beta2 * v + (1f - s.Beta2) * g * g;
        return p - s.StepSize * (m / (MathF.Sqrt(v) / s.SqrtBiasCorrection2 + s.Epsilon));
    }
}
