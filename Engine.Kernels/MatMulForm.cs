namespace ClusterGcn.Engine.Kernels;

/// <summary>The three products a linear layer needs, all on row-major operands (C is m × n in each).</summary>
public enum MatMulForm
{
    /// <summary>C = A·B with A m × k and B k × n: the forward Y = X·W.</summary>
    AB,

    /// <summary>C = A·Bᵀ with A m × k and B n × k: the input gradient dX = dY·Wᵀ.</summary>
    ABt,

    /// <summary>C = Aᵀ·B with A k × m and B k × n: the weight gradient dW = Xᵀ·dY.</summary>
    AtB,
}
