namespace ClusterGcn.Engine.Core.Datasets.Building;

/// <summary>A <see cref="FeaturePreprocessing"/> fitted to one dataset, applied one row at a time so that features
/// can be transformed while they stream into the processed store as well as in memory. Statistics are accumulated
/// in float64.</summary>
internal sealed class FeatureTransform
{
    private readonly FeaturePreprocessing kind;
    private readonly float[] shift = [], scale = [];

    private FeatureTransform(FeaturePreprocessing kind, float[] shift, float[] scale) => (this.kind, this.shift, this.scale) = (kind, shift, scale);

    /// <summary>Whether the transform leaves the features as they are.</summary>
    public bool IsIdentity => kind == FeaturePreprocessing.None;

    /// <summary>Fits <paramref name="kind"/> to <paramref name="features"/> [N, <paramref name="width"/>];
    /// standardisation takes its statistics from the rows where <paramref name="train"/> is non-zero.</summary>
    /// <exception cref="ArgumentException">Standardisation of a dataset without training nodes.</exception>
    public static FeatureTransform Fit(FeaturePreprocessing kind, HostArray<float> features, int width, HostArray<byte> train, string name)
    {
        if (kind != FeaturePreprocessing.Standardize) return new FeatureTransform(kind, [], []);
        // Two passes (means, then squared deviations from them): no cancellation in E[x²] − E[x]².
        var mean = new double[width];
        long count = ForEachTrainingRow(features, width, train, row =>
        {
            for (int j = 0; j < width; j++) mean[j] += row[j];
        });
        if (count == 0) throw new ArgumentException($"{name}: standardisation takes its statistics from the training nodes, and there are none.");
        for (int j = 0; j < width; j++) mean[j] /= count;
        var variance = new double[width];
        ForEachTrainingRow(features, width, train, row =>
        {
            for (int j = 0; j < width; j++) variance[j] += (row[j] - mean[j]) * (row[j] - mean[j]);
        });
        var shift = new float[width];
        var scale = new float[width];
        for (int j = 0; j < width; j++)
        {
            double deviation = Math.Sqrt(variance[j] / count);
            shift[j] = (float)mean[j];
            scale[j] = deviation > 0 ? (float)(1 / deviation) : 1; // a constant column is only centred, as scikit-learn does
        }
        return new FeatureTransform(kind, shift, scale);
    }

    private static long ForEachTrainingRow(HostArray<float> features, int width, HostArray<byte> train, RowAction visit)
    {
        long count = 0;
        var mask = train.Span;
        for (int u = 0; u < mask.Length; u++)
        {
            if (mask[u] == 0) continue;
            visit(features.Slice((long)u * width, width));
            count++;
        }
        return count;
    }

    private delegate void RowAction(ReadOnlySpan<float> row);

    /// <summary>Writes the transform of <paramref name="row"/> into <paramref name="output"/> (they may be the same span).</summary>
    public void Apply(ReadOnlySpan<float> row, Span<float> output)
    {
        switch (kind)
        {
            case FeaturePreprocessing.RowNormalize:
                double total = 0;
                foreach (float x in row) total += x;
                float inverse = total != 0 ? (float)(1 / total) : 0; // GCN: a row summing to 0 becomes 0
                for (int j = 0; j < row.Length; j++) output[j] = row[j] * inverse;
                break;
            case FeaturePreprocessing.Standardize:
                for (int j = 0; j < row.Length; j++) output[j] = (row[j] - shift[j]) * scale[j];
                break;
            default:
                row.CopyTo(output);
                break;
        }
    }

    /// <summary>The transformed features, in a new managed array (or <paramref name="features"/> itself for the identity).</summary>
    public HostArray<float> ApplyAll(HostArray<float> features, int width)
    {
        if (IsIdentity) return features;
        long rows = features.Length / width;
        var result = new float[features.Length];
        Parallel.For(0, (rows + 1023) / 1024, block =>
        {
            for (long u = block * 1024, end = Math.Min(rows, u + 1024); u < end; u++)
                Apply(features.Slice(u * width, width), result.AsSpan().Slice((int)(u * width), width));
        });
        return HostArray<float>.Wrap(result);
    }
}
