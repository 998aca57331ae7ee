using ClusterGcn.Engine.Core.Datasets;
using ClusterGcn.Engine.Core.Datasets.Synthetic;

namespace ClusterGcn.Engine.Cli;

/// <summary>The dataset the data verbs (train, evaluate, predict) work on: the one <c>--dataset PATH</c> names (its store
/// under <c>--store DIR</c>), or a synthetic graph generated in memory (<c>--synthetic PRESET</c>, <see cref="Default"/>
/// without either), always the same data (seed 1) so that a model trained on it by <c>cgcn train</c> is evaluated on
/// it by <c>cgcn evaluate</c>.</summary>
internal static class DatasetChoice
{
    /// <summary>The preset used when neither option is given: Reddit's nodes, features and classes on a graph ten times
    /// sparser, so that the default <c>cgcn train</c> runs PyG's Reddit recipe in about a minute on 2 cores.</summary>
    public static SyntheticPreset Default => SyntheticPreset.Medium;

    /// <summary>The <c>--dataset</c> path, or null for a synthetic graph.</summary>
    /// <exception cref="UserError">Both <c>--dataset</c> and <c>--synthetic</c> were given.</exception>
    public static string? Path(CommandLine line, string verb)
    {
        string? path = line.String("dataset");
        if (path is not null && line.Has("synthetic")) throw new UserError($"{verb}: give --dataset PATH or --synthetic PRESET, not both.");
        return path;
    }

    /// <summary>Opens the chosen dataset; <paramref name="preprocessing"/> applies to a <c>--dataset</c> path (the
    /// synthetic graphs have raw features).</summary>
    /// <exception cref="ArgumentException">An unknown preset.</exception>
    public static NodeDataset Open(CommandLine line, FeaturePreprocessing preprocessing) =>
        line.String("dataset") is { } path
            ? DatasetReader.Open(path, new DatasetOptions { Preprocessing = preprocessing, StoreDirectory = line.String("store") })
            : SyntheticDataset.Create(line.String("synthetic") is { } name ? SyntheticPreset.Parse(name) : Default, seed: 1);
}
