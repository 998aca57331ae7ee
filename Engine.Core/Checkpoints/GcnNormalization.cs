namespace ClusterGcn.Engine.Core.Checkpoints;

/// <summary>How a GCN model normalises the adjacency matrix Â (the official Cluster-GCN choices).</summary>
public enum GcnNormalization
{
    /// <summary>Â = D⁻¹A: the mean over neighbours, no self-loops.</summary>
    Mean,

    /// <summary>Â = (D+I)⁻¹(A+I) + λ·diag((D+I)⁻¹(A+I)): self-loops, then the "diagonal enhancement" with λ ≥ 0.</summary>
    MeanWithSelfLoops,
}
