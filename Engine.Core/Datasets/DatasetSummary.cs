namespace ClusterGcn.Engine.Core.Datasets;

/// <summary>What <c>cgcn info</c> reports about a dataset: counts, degree statistics, a feature and label summary,
/// split sizes, and the memory training it will take.</summary>
/// <param name="Name">The dataset's name.</param>
/// <param name="Nodes">N.</param>
/// <param name="Edges">Undirected edges (stored entries / 2).</param>
/// <param name="Degrees">Degree statistics.</param>
/// <param name="Features">Feature statistics.</param>
/// <param name="Labels">Label statistics.</param>
/// <param name="Split">Split sizes.</param>
/// <param name="Memory">Memory estimate.</param>
public sealed record DatasetSummary(string Name, int Nodes, long Edges, DegreeStatistics Degrees, FeatureStatistics Features,
    LabelStatistics Labels, SplitSizes Split, MemoryEstimate Memory)
{
    /// <summary>Summarises <paramref name="data"/> (one pass over its arrays).</summary>
    /// <param name="data">The dataset.</param>
    /// <param name="hidden">The hidden width the memory estimate assumes.</param>
    public static DatasetSummary Of(NodeDataset data, int hidden = 128) =>
        new(data.Name, data.NodeCount, data.EntryCount / 2, DegreeStatistics.Of(data), FeatureStatistics.Of(data), LabelStatistics.Of(data),
            new SplitSizes(Count(data.Split.Train), Count(data.Split.Validation), Count(data.Split.Test),
                data.NodeCount - Count(data.Split.Train) - Count(data.Split.Validation) - Count(data.Split.Test)),
            MemoryEstimate.Of(data, hidden));

    private static int Count(HostArray<byte> mask) => mask.Span.Length - mask.Span.Count((byte)0);
}

/// <summary>Node degrees (neighbours in the symmetric graph).</summary>
/// <param name="Min">Smallest degree.</param>
/// <param name="Mean">Mean degree (stored entries / N).</param>
/// <param name="Median">Median degree.</param>
/// <param name="Max">Largest degree.</param>
/// <param name="Isolated">Nodes without neighbours.</param>
public sealed record DegreeStatistics(long Min, double Mean, double Median, long Max, int Isolated)
{
    /// <summary>The degree statistics of <paramref name="data"/>.</summary>
    public static DegreeStatistics Of(NodeDataset data)
    {
        var rowPtr = data.RowPtr.Span;
        var degrees = new long[data.NodeCount];
        for (int u = 0; u < degrees.Length; u++) degrees[u] = rowPtr[u + 1] - rowPtr[u];
        Array.Sort(degrees);
        int n = degrees.Length;
        double median = n % 2 == 1 ? degrees[n / 2] : (degrees[n / 2 - 1] + degrees[n / 2]) / 2.0;
        return new DegreeStatistics(degrees[0], (double)data.EntryCount / n, median, degrees[^1], degrees.TakeWhile(d => d == 0).Count());
    }
}

/// <summary>The feature matrix in numbers.</summary>
/// <param name="Count">F.</param>
/// <param name="Min">Smallest value.</param>
/// <param name="Max">Largest value.</param>
/// <param name="Mean">Mean value.</param>
/// <param name="NonZeroFraction">Fraction of entries that are not 0.</param>
/// <param name="ZeroRows">Nodes whose features are all 0.</param>
public sealed record FeatureStatistics(int Count, double Min, double Max, double Mean, double NonZeroFraction, int ZeroRows)
{
    /// <summary>The feature statistics of <paramref name="data"/>.</summary>
    public static FeatureStatistics Of(NodeDataset data)
    {
        int f = data.FeatureCount;
        double min = double.PositiveInfinity, max = double.NegativeInfinity, sum = 0;
        long nonZero = 0;
        int zeroRows = 0;
        for (int u = 0; u < data.NodeCount; u++)
        {
            long rowNonZero = 0;
            foreach (float x in data.FeatureRow(u))
            {
                min = Math.Min(min, x);
                max = Math.Max(max, x);
                sum += x;
                if (x != 0) rowNonZero++;
            }
            nonZero += rowNonZero;
            if (rowNonZero == 0) zeroRows++;
        }
        double entries = (double)data.NodeCount * f;
        return new FeatureStatistics(f, min, max, sum / entries, nonZero / entries, zeroRows);
    }
}

/// <summary>The targets in numbers.</summary>
/// <param name="Classes">C.</param>
/// <param name="MultiLabel">Whether nodes carry a 0/1 vector of C labels.</param>
/// <param name="PerClass">Nodes of each class (single-label) or carrying each label (multi-label).</param>
/// <param name="Unlabeled">Single-label nodes with label −1.</param>
public sealed record LabelStatistics(int Classes, bool MultiLabel, long[] PerClass, int Unlabeled)
{
    /// <summary>The label statistics of <paramref name="data"/>.</summary>
    public static LabelStatistics Of(NodeDataset data)
    {
        int c = data.Labels.ClassCount;
        var perClass = new long[c];
        int unlabeled = 0;
        if (data.Labels.Classes is { } classes)
        {
            foreach (int label in classes.Span)
                if (label < 0) unlabeled++;
                else perClass[label]++;
        }
        else
        {
            var multiHot = data.Labels.MultiHot!.Span;
            for (int i = 0; i < multiHot.Length; i++) perClass[i % c] += multiHot[i];
        }
        return new LabelStatistics(c, data.Labels.IsMultiLabel, perClass, unlabeled);
    }
}

/// <summary>Nodes in each part of the split.</summary>
/// <param name="Train">Training nodes.</param>
/// <param name="Validation">Validation nodes.</param>
/// <param name="Test">Test nodes.</param>
/// <param name="None">Nodes in no mask (neighbours only).</param>
public sealed record SplitSizes(int Train, int Validation, int Test, int None);

/// <summary>What Cluster-GCN training of the dataset will hold in memory, in bytes.</summary>
/// <param name="Dataset">The dataset's arrays (CSR, features, labels, masks): memory-mapped from a store, so held by
/// the page cache rather than the heap.</param>
/// <param name="Partitioning">The partitioner's input: an int32 CSR copy of the graph, and about as much again in
/// coarser levels and work arrays.</param>
/// <param name="Inference">Layer-wise full-graph inference: two N × max(hidden, C) float buffers.</param>
/// <param name="Hidden">The hidden width assumed.</param>
public sealed record MemoryEstimate(long Dataset, long Partitioning, long Inference, int Hidden)
{
    /// <summary>The sum of the parts.</summary>
    public long Total => Dataset + Partitioning + Inference;

    /// <summary>The estimate for <paramref name="data"/> with <paramref name="hidden"/> hidden units.</summary>
    public static MemoryEstimate Of(NodeDataset data, int hidden)
    {
        long n = data.NodeCount, entries = data.EntryCount;
        long labels = data.Labels.IsMultiLabel ? n * data.Labels.ClassCount : 4 * n;
        long dataset = 8 * (n + 1) + 4 * entries + 4 * n * data.FeatureCount + labels + 3 * n;
        long partitioning = 2 * (4 * (n + 1) + 4 * entries);
        long inference = 2 * 4 * n * Math.Max(hidden, data.Labels.ClassCount);
        return new MemoryEstimate(dataset, partitioning, inference, hidden);
    }
}
