namespace ClusterGcn.Engine.Core.Datasets.Building;

/// <summary>The one validation pass every dataset goes through before it is used or stored: N consistent across
/// files, a non-empty graph, labels in range, finite features, masks of length N and disjoint. Edge ends are checked
/// against N while the CSR is built (<see cref="SymmetricCsr"/>), which reads the edges anyway. Each failure is one
/// <see cref="InvalidDataException"/> line naming the file.</summary>
internal static class DatasetValidation
{
    /// <summary>Checks <paramref name="parts"/>.</summary>
    /// <exception cref="InvalidDataException">The first problem found, as "&lt;file&gt;: &lt;problem&gt;".</exception>
    public static void Check(DatasetParts parts)
    {
        int n = parts.NodeCount;
        if (n <= 0) throw new InvalidDataException($"{parts.NodeCountFile}: the graph has no nodes.");
        if (parts.Edges.Count == 0) throw new InvalidDataException($"{parts.Edges.File}: the graph has no edges.");
        CheckFeatures(parts);
        CheckLabels(parts);
        CheckSplit(parts);
    }

    private static void CheckFeatures(DatasetParts parts)
    {
        int n = parts.NodeCount, f = parts.FeatureCount;
        if (f <= 0) throw new InvalidDataException($"{parts.FeaturesFile}: no features (0 columns).");
        if (parts.Features.Length != (long)n * f)
            throw new InvalidDataException($"{parts.FeaturesFile}: {Rows(parts.Features.Length, f)} rows of features for {n} nodes (from {Path.GetFileName(parts.NodeCountFile)}).");
        const int RowsPerSlice = 1 << 12;
        for (long row = 0; row < n; row += RowsPerSlice)
        {
            int rows = (int)Math.Min(RowsPerSlice, n - row);
            var slice = parts.Features.Slice(row * f, rows * f);
            int bad = IndexOfNonFinite(slice);
            if (bad >= 0)
                throw new InvalidDataException($"{parts.FeaturesFile}: feature {bad % f} of node {row + bad / f} is {slice[bad]}; features must be finite.");
        }
    }

    private static int IndexOfNonFinite(ReadOnlySpan<float> values)
    {
        // x − x is 0 for finite x and NaN for NaN and ±∞: one vectorisable pass, then the exact index on failure.
        float sum = 0;
        foreach (float x in values) sum += x - x;
        if (sum == 0) return -1;
        for (int i = 0; i < values.Length; i++)
            if (!float.IsFinite(values[i])) return i;
        return -1;
    }

    private static void CheckLabels(DatasetParts parts)
    {
        int n = parts.NodeCount, c = parts.Labels.ClassCount;
        if (c <= 0) throw new InvalidDataException($"{parts.LabelsFile}: no classes.");
        if (parts.Labels.Classes is { } classes)
        {
            if (classes.Length != n)
                throw new InvalidDataException($"{parts.LabelsFile}: {classes.Length} labels for {n} nodes (from {Path.GetFileName(parts.NodeCountFile)}).");
            var span = classes.Span;
            for (int u = 0; u < span.Length; u++)
                if (span[u] < -1 || span[u] >= c)
                    throw new InvalidDataException($"{parts.LabelsFile}: label {span[u]} of node {u} is outside [0, {c}) (−1 = unlabeled).");
        }
        else
        {
            var multiHot = parts.Labels.MultiHot!;
            if (multiHot.Length != (long)n * c)
                throw new InvalidDataException($"{parts.LabelsFile}: {Rows(multiHot.Length, c)} label rows of {c} classes for {n} nodes (from {Path.GetFileName(parts.NodeCountFile)}).");
            var span = multiHot.Span;
            for (int i = 0; i < span.Length; i++)
                if (span[i] > 1) throw new InvalidDataException($"{parts.LabelsFile}: label {i % c} of node {i / c} is {span[i]}; multi-label targets are 0 or 1.");
        }
    }

    private static void CheckSplit(DatasetParts parts)
    {
        int n = parts.NodeCount;
        var masks = new[] { (parts.Split.Train, parts.SplitFiles.Train), (parts.Split.Validation, parts.SplitFiles.Validation), (parts.Split.Test, parts.SplitFiles.Test) };
        foreach (var (mask, file) in masks)
            if (mask.Length != n) throw new InvalidDataException($"{file}: a mask of length {mask.Length} for {n} nodes.");
        var train = parts.Split.Train.Span;
        var validation = parts.Split.Validation.Span;
        var test = parts.Split.Test.Span;
        for (int u = 0; u < n; u++)
        {
            if (train[u] != 0 && validation[u] != 0) throw Overlap(parts.SplitFiles.Train, parts.SplitFiles.Validation, u);
            if (train[u] != 0 && test[u] != 0) throw Overlap(parts.SplitFiles.Train, parts.SplitFiles.Test, u);
            if (validation[u] != 0 && test[u] != 0) throw Overlap(parts.SplitFiles.Validation, parts.SplitFiles.Test, u);
        }
    }

    private static InvalidDataException Overlap(string first, string second, int node) =>
        new($"{second}: node {node} is also in {(Path.GetDirectoryName(first) == Path.GetDirectoryName(second) ? Path.GetFileName(first) : first)}; the split's masks must be disjoint.");

    private static string Rows(long length, int width) => length % width == 0 ? $"{length / width}" : $"{length / (double)width:F2}";
}
