using ClusterGcn.Engine.Core.Tensors;
using ClusterGcn.Engine.Kernels;

namespace ClusterGcn.Engine.Core.Optim;

/// <summary>Adam with PyTorch's semantics and defaults (β = (0.9, 0.999), ε = 1e-8, L2 weight decay added to the
/// gradient), one fused kernel launch per parameter.</summary>
/// <remarks>The moments live on the parameters' device, created zeroed outside any scope; the step counter stays on
/// the host because the bias corrections 1 − β^t are computed there.</remarks>
public sealed class Adam : IDisposable
{
    private readonly Tensor[] parameters;
    private readonly Tensor[] firstMoments;
    private readonly Tensor[] secondMoments;

    /// <summary>Prepares zeroed moments for each of <paramref name="parameters"/>.</summary>
    /// <param name="parameters">The tensors to optimise; each must require a gradient.</param>
    /// <param name="learningRate">Step size.</param>
    /// <param name="beta1">Decay of the first moment.</param>
    /// <param name="beta2">Decay of the second moment.</param>
    /// <param name="epsilon">Added to the denominator.</param>
    /// <param name="weightDecay">L2 penalty λ: the step uses g + λ·p.</param>
    /// <exception cref="ArgumentException">A parameter does not require a gradient.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A hyper-parameter is out of range.</exception>
    public Adam(IEnumerable<Tensor> parameters, float learningRate = 1e-3f, float beta1 = 0.9f, float beta2 = 0.999f,
        float epsilon = 1e-8f, float weightDecay = 0f)
    {
        // Validated now, with step 1, so a bad setting fails at construction rather than at the first step.
        new AdamStepSettings(learningRate, beta1, beta2, epsilon, weightDecay, 1).Validate();
        (LearningRate, Beta1, Beta2, Epsilon, WeightDecay) = (learningRate, beta1, beta2, epsilon, weightDecay);
        this.parameters = [.. parameters];
        foreach (var p in this.parameters)
            if (!p.RequiresGrad)
                throw new ArgumentException($"adam: a [{p.Rows}, {p.Cols}] parameter does not require a gradient.", nameof(parameters));
        firstMoments = [.. this.parameters.Select(p => p.Device.Zeros(p.Rows, p.Cols))];
        secondMoments = [.. this.parameters.Select(p => p.Device.Zeros(p.Rows, p.Cols))];
    }

    /// <summary>Step size; may be changed between steps (e.g. by a schedule).</summary>
    public float LearningRate { get; set; }

    /// <summary>Decay of the first moment.</summary>
    public float Beta1 { get; }

    /// <summary>Decay of the second moment.</summary>
    public float Beta2 { get; }

    /// <summary>Added to the denominator.</summary>
    public float Epsilon { get; }

    /// <summary>L2 penalty added to the gradient.</summary>
    public float WeightDecay { get; }

    /// <summary>Steps taken so far (t of the bias corrections).</summary>
    public int StepCount { get; private set; }

    /// <summary>The optimised tensors, in the order given.</summary>
    public IReadOnlyList<Tensor> Parameters => parameters;

    /// <summary>Updates every parameter from its gradient. As in PyTorch, parameters that never received a gradient are left alone.</summary>
    public void Step()
    {
        StepCount++;
        var settings = new AdamStepSettings(LearningRate, Beta1, Beta2, Epsilon, WeightDecay, StepCount);
        for (int i = 0; i < parameters.Length; i++)
        {
            var p = parameters[i];
            if (!p.HasGrad) continue;
            p.Device.Kernels.AdamStep(p.View.Data, p.Grad.View.Data, firstMoments[i].View.Data, secondMoments[i].View.Data, settings);
        }
    }

    /// <summary>Zeroes the gradient of every parameter.</summary>
    public void ZeroGrad()
    {
        foreach (var p in parameters) p.ZeroGrad();
    }

    /// <summary>Releases the moments; the parameters belong to the caller.</summary>
    public void Dispose()
    {
        foreach (var m in firstMoments) m.Dispose();
        foreach (var v in secondMoments) v.Dispose();
    }
}
