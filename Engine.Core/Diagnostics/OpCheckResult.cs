namespace ClusterGcn.Engine.Core.Diagnostics;

/// <summary>One op run on a candidate backend and on the SIMD reference with the same inputs.</summary>
/// <param name="Op">Op name, e.g. "matmul AB 1024x602x128".</param>
/// <param name="MaxRelativeError">max |candidate − reference| / max(max |reference|, 1): the norm-wise error, which
/// stays meaningful where single elements are near zero.</param>
/// <param name="Tolerance">The largest error accepted for this op (0 for integer results and dropout masks).</param>
/// <param name="Milliseconds">Best time of the op on the candidate, synchronised.</param>
/// <param name="ReferenceMilliseconds">Best time of the op on the SIMD reference.</param>
public sealed record OpCheckResult(string Op, double MaxRelativeError, double Tolerance, double Milliseconds, double ReferenceMilliseconds)
{
    /// <summary>Best process CPU time (all threads) of one run of the op on the candidate. Unlike wall time it does
    /// not count waiting for a core, so on a loaded machine it still compares CPU backends; for a GPU it is only the
    /// host's share.</summary>
    public double CpuMilliseconds { get; init; }

    /// <summary>Best process CPU time of one run of the op on the SIMD reference.</summary>
    public double ReferenceCpuMilliseconds { get; init; }

    /// <summary>Whether the candidate agrees with the reference within <see cref="Tolerance"/> (NaN never agrees).</summary>
    public bool Agrees => MaxRelativeError <= Tolerance;
}
