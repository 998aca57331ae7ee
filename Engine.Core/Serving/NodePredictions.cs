namespace ClusterGcn.Engine.Core.Serving;

/// <summary>The predictions for a list of nodes, in the order asked.</summary>
/// <param name="ClassCount">C, the number of classes (labels of a multi-label model).</param>
/// <param name="Classes">The most probable class of each node.</param>
/// <param name="Probabilities">Row-major [nodes, C]: softmax probabilities (summing to 1) for a single-label model;
/// independent sigmoid probabilities for a multi-label one, where a label is predicted when its probability is ≥ 0.5.</param>
public sealed record NodePredictions(int ClassCount, int[] Classes, float[] Probabilities)
{
    /// <summary>The C probabilities of the <paramref name="index"/>-th node asked for.</summary>
    public ReadOnlySpan<float> ProbabilitiesOf(int index) => Probabilities.AsSpan(index * ClassCount, ClassCount);
}
