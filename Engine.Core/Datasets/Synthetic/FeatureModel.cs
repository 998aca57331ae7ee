using ClusterGcn.Engine.Partitioning.Randomness;

namespace ClusterGcn.Engine.Core.Datasets.Synthetic;

/// <summary>The features of a synthetic dataset: node v of class k is <c>μ_k + ε_v</c>, where μ_k is the class's
/// centroid and ε_v standard Gaussian noise. The noise dominates each single feature; a class only shows in the sum
/// over many features, and more clearly in the mean over a node's neighbourhood, much of which shares its community
/// and so its class.</summary>
/// <remarks>Centroid entries are N(0, a²) with <c>a = Separation·√(2/F)</c>, so two class centroids lie about
/// 2·Separation noise deviations apart whatever F. With one isotropic Gaussian per class, the nearest class centroid is
/// the best any classifier of a node's own features can do (up to class sizes), so <see cref="CentroidProbe"/>'s
/// feature accuracy is what an MLP can reach. Every row is drawn from its own seeded stream, so any row range can be
/// produced by any thread in any order, with the same bytes.</remarks>
internal sealed class FeatureModel
{
    private const ulong CentroidStream = 3, NoiseStream = 4;

    private readonly float[] centroids; // [C, F]
    private readonly int[] classes;
    private readonly ulong noiseSeed;

    public FeatureModel(SyntheticPreset preset, ulong seed, int[] classes)
    {
        Width = preset.Features;
        this.classes = classes;
        noiseSeed = SplitMix64.Derive(seed, NoiseStream);
        var random = new SplitMix64(SplitMix64.Derive(seed, CentroidStream));
        double scale = preset.Separation * Math.Sqrt(2.0 / Width);
        centroids = new float[preset.Classes * Width];
        for (int i = 0; i < centroids.Length; i++) centroids[i] = (float)(scale * GaussianPair(ref random).A);
    }

    /// <summary>Feature width F.</summary>
    public int Width { get; }

    /// <summary>Writes the rows of nodes <paramref name="first"/>.. into <paramref name="rows"/> (whole rows, row-major).</summary>
    public void Fill(int first, Span<float> rows)
    {
        for (int v = first, end = first + rows.Length / Width; v < end; v++)
            FillRow(v, rows.Slice((v - first) * Width, Width));
    }

    /// <summary><see cref="Fill"/> on up to <paramref name="threads"/> threads (0 = one per core), in blocks of rows.</summary>
    public void FillParallel(int first, Memory<float> rows, int threads)
    {
        const int Block = 256;
        int count = rows.Length / Width;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = threads > 0 ? threads : Environment.ProcessorCount };
        Parallel.For(0, (count + Block - 1) / Block, parallel, block =>
        {
            int start = block * Block, blockRows = Math.Min(Block, count - start);
            Fill(first + start, rows.Span.Slice(start * Width, blockRows * Width));
        });
    }

    private void FillRow(int node, Span<float> row)
    {
        var centroid = centroids.AsSpan(classes[node] * Width, Width);
        var random = new SplitMix64(SplitMix64.Derive(noiseSeed, (ulong)node));
        for (int j = 0; j < row.Length; j += 2)
        {
            var (a, b) = GaussianPair(ref random);
            row[j] = centroid[j] + (float)a;
            if (j + 1 < row.Length) row[j + 1] = centroid[j + 1] + (float)b;
        }
    }

    // Box–Muller: two independent standard normals from two uniforms; 1 − u keeps the logarithm finite.
    private static (double A, double B) GaussianPair(ref SplitMix64 random)
    {
        double radius = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble()));
        var (sin, cos) = Math.SinCos(2 * Math.PI * random.NextDouble());
        return (radius * cos, radius * sin);
    }
}
