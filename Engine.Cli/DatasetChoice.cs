using ClusterGcn.Engine.Core.Datasets;
using ClusterGcn.Engine.Core.Datasets.Synthetic;

namespace ClusterGcn.Engine.Cli;

/// <summary>The synthetic graph the data verbs use without <c>--dataset</c>: generated in memory, no download, always
/// the same data (seed 1) so that a model trained on it by <c>cgcn train</c> is evaluated on it by <c>cgcn evaluate</c>.</summary>
internal static class BuiltInDataset
{
    /// <summary>The preset used when <c>--synthetic</c> is not given: Reddit's nodes, features and classes on a graph
    /// ten times sparser, so that the default <c>cgcn train</c> runs PyG's Reddit recipe in about a minute on 2 cores.</summary>
    public static SyntheticPreset Default => SyntheticPreset.Medium;

    /// <summary>The preset <paramref name="name"/> names (the default when null), generated with seed 1.</summary>
    /// <exception cref="ArgumentException">No preset has that name.</exception>
    public static NodeDataset Create(string? name) => SyntheticDataset.Create(name is null ? Default : SyntheticPreset.Parse(name), seed: 1);
}
