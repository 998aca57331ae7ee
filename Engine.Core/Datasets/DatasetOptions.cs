namespace ClusterGcn.Engine.Core.Datasets;

/// <summary>How <see cref="DatasetReader.Open"/> reads a dataset.</summary>
public sealed record DatasetOptions
{
    /// <summary>What is done to the features before they are stored and used; default none.</summary>
    public FeaturePreprocessing Preprocessing { get; init; } = FeaturePreprocessing.None;

    /// <summary>Which split to use when the dataset ships several (<c>splits/train_k.txt</c>); default 0.</summary>
    public int SplitIndex { get; init; }

    /// <summary>Where processed stores live: null = a <c>processed/</c> directory next to the source.</summary>
    public string? StoreDirectory { get; init; }

    /// <summary>Whether to read from and write a processed store at all; false parses the source every time and
    /// writes nothing (for read-only sources and small datasets).</summary>
    public bool UseStore { get; init; } = true;

    /// <summary>The defaults.</summary>
    public static DatasetOptions Default { get; } = new();
}
