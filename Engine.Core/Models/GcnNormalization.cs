namespace ClusterGcn.Engine.Core.Models;

/// <summary>How <see cref="GcnConv"/> normalises the adjacency A of a batch (or of the whole graph at inference),
/// with D the diagonal of degrees.</summary>
public enum GcnNormalization
{
    /// <summary>D⁻¹A: the mean over the neighbours (Cluster-GCN's plain normalisation); rows without neighbours give 0.</summary>
    Mean,

    /// <summary>(D+I)⁻¹(A+I) + λ·diag((D+I)⁻¹(A+I)): Cluster-GCN's "diagonal enhancement"; λ = 0 is the mean over
    /// the neighbours and the node itself.</summary>
    DiagonalEnhancement,

    /// <summary>(D+I)^-½(A+I)(D+I)^-½: the symmetric normalisation of Kipf and Welling's GCN.</summary>
    Symmetric,
}
