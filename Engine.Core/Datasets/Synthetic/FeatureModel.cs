using System.Runtime.Intrinsics;
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
        AddGaussian(ref random, scale, centroids);
    }

    /// <summary>Feature width F.</summary>
    public int Width { get; }

    // The rows of nodes first.. into rows (whole rows, row-major).
    private void Fill(int first, Span<float> rows)
    {
        for (int v = first, end = first + rows.Length / Width; v < end; v++)
            FillRow(v, rows.Slice((v - first) * Width, Width));
    }

    /// <summary>Writes the rows of nodes <paramref name="first"/>.. into <paramref name="rows"/> (whole rows,
    /// row-major), in blocks of rows on up to <paramref name="threads"/> threads (0 = one per core).</summary>
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
        centroids.AsSpan(classes[node] * Width, Width).CopyTo(row);
        var random = new SplitMix64(SplitMix64.Derive(noiseSeed, (ulong)node));
        AddGaussian(ref random, 1, row);
    }

    // values[j] += scale·z_j with z_j standard normal, by Box–Muller four pairs at a time (eight uniforms per eight
    // values, so a row always takes the same draws from its stream); 1 − u keeps the logarithm finite.
    private static void AddGaussian(ref SplitMix64 random, double scale, Span<float> values)
    {
        Span<double> normals = stackalloc double[8];
        for (int j = 0; j < values.Length; j += 8)
        {
            var u = Vector256.Create(random.NextDouble(), random.NextDouble(), random.NextDouble(), random.NextDouble());
            var angle = Vector256.Create(random.NextDouble(), random.NextDouble(), random.NextDouble(), random.NextDouble()) * (2 * Math.PI);
            var radius = Vector256.Sqrt(Vector256.Log(Vector256<double>.One - u) * -2.0) * scale;
            var (sin, cos) = Vector256.SinCos(angle);
            (radius * cos).CopyTo(normals);
            (radius * sin).CopyTo(normals[4..]);
            for (int i = 0, count = Math.Min(8, values.Length - j); i < count; i++) values[j + i] += (float)normals[i];
        }
    }
}
