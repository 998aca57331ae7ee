namespace ClusterGcn.Engine.Partitioning.Randomness;

/// <summary>The project's one random generator: a seed means the same numbers on every runtime, OS and backend.</summary>
/// <remarks>Element i of the stream seeded with s is <c>At(s, i)</c>: host code draws in sequence with
/// <see cref="Next"/>, kernels draw element i directly, so a mask does not depend on launch shape.
/// <see cref="System.Random"/> is never used: its sequence for a seed is not promised across .NET versions.</remarks>
public struct SplitMix64(ulong seed)
{
    private const ulong Gamma = 0x9E3779B97F4A7C15UL;
    private ulong state = seed;

    /// <summary>The next 64 random bits of the stream.</summary>
    public ulong Next() => Mix(state += Gamma);

    /// <summary>Uniform integer in [0, <paramref name="bound"/>), by Lemire's multiply-shift (bias below 2^-32 for int bounds).</summary>
    public int NextInt(int bound)
    {
        if (bound <= 0) throw new ArgumentOutOfRangeException(nameof(bound), $"bound must be positive (got {bound}).");
        return (int)Math.BigMul(Next(), (ulong)bound, out _); // the high half; UInt128 kept the method out of ReadyToRun
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (Next() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Shuffles <paramref name="items"/> in place (Fisher–Yates).</summary>
    public void Shuffle<T>(Span<T> items)
    {
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    /// <summary>A uniformly random permutation of 0..n-1.</summary>
    public int[] Permutation(int n)
    {
        var order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Shuffle<int>(order);
        return order;
    }

    /// <summary>Element <paramref name="index"/> of the stream seeded with <paramref name="seed"/>, without drawing the ones before it.</summary>
    public static ulong At(ulong seed, long index) => Mix(seed + (ulong)(index + 1) * Gamma);

    /// <summary>Uniform in [0, 1) from the top 24 bits of <see cref="At"/>: all a float's mantissa can hold, so it is exact in float.</summary>
    public static float UniformAt(ulong seed, long index) => (At(seed, index) >> 40) * (1f / 16777216f);

    /// <summary>A seed for a named sub-stream (epoch, layer, try), so independent uses of one user seed never share numbers.</summary>
    public static ulong Derive(ulong seed, ulong stream) => Mix(seed ^ Mix(stream + Gamma));

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
