namespace ClusterGcn.Engine.Kernels;

/// <summary>Hyper-parameters of one Adam step, with PyTorch's semantics (L2 weight decay added to the gradient).</summary>
/// <param name="LearningRate">Step size.</param>
/// <param name="Beta1">Decay of the first moment.</param>
/// <param name="Beta2">Decay of the second moment.</param>
/// <param name="Epsilon">Added to the denominator.</param>
/// <param name="WeightDecay">L2 penalty: the gradient used is g + WeightDecay·p.</param>
/// <param name="Step">1-based step count t, for the bias corrections 1 − β^t.</param>
public readonly record struct AdamStepSettings(
    float LearningRate, float Beta1, float Beta2, float Epsilon, float WeightDecay, int Step)
{
    /// <summary>1 − β1^t.</summary>
    public float BiasCorrection1 => 1f - MathF.Pow(Beta1, Step);

    /// <summary>1 − β2^t.</summary>
    public float BiasCorrection2 => 1f - MathF.Pow(Beta2, Step);

    /// <summary>Throws a one-line error when a setting is out of range (NaN included).</summary>
    public void Validate()
    {
        if (!(LearningRate >= 0)) throw new ArgumentOutOfRangeException(nameof(LearningRate), $"learning rate must be ≥ 0 (got {LearningRate}).");
        if (!(Beta1 >= 0 && Beta1 < 1)) throw new ArgumentOutOfRangeException(nameof(Beta1), $"beta1 must be in [0, 1) (got {Beta1}).");
        if (!(Beta2 >= 0 && Beta2 < 1)) throw new ArgumentOutOfRangeException(nameof(Beta2), $"beta2 must be in [0, 1) (got {Beta2}).");
        if (!(Epsilon > 0)) throw new ArgumentOutOfRangeException(nameof(Epsilon), $"epsilon must be > 0 (got {Epsilon}).");
        if (!(WeightDecay >= 0)) throw new ArgumentOutOfRangeException(nameof(WeightDecay), $"weight decay must be ≥ 0 (got {WeightDecay}).");
        if (Step < 1) throw new ArgumentOutOfRangeException(nameof(Step), $"step must be ≥ 1 (got {Step}).");
    }
}
