namespace ClusterGcn.Engine.Core.Datasets;

/// <summary>The command-line names of <see cref="FeaturePreprocessing"/>: <c>none</c>, <c>rownorm</c>, <c>standardize</c>.</summary>
public static class FeaturePreprocessingNames
{
    /// <summary>The names, in enum order.</summary>
    public static IReadOnlyList<string> All { get; } = ["none", "rownorm", "standardize"];

    /// <summary>The preprocessing called <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">No preprocessing has that name.</exception>
    public static FeaturePreprocessing Parse(string name) => name switch
    {
        "none" => FeaturePreprocessing.None,
        "rownorm" => FeaturePreprocessing.RowNormalize,
        "standardize" => FeaturePreprocessing.Standardize,
        _ => throw new ArgumentException($"preprocessing '{name}' is not none, rownorm or standardize.", nameof(name)),
    };

    /// <summary>The name of <paramref name="preprocessing"/>.</summary>
    public static string Name(FeaturePreprocessing preprocessing) => All[(int)preprocessing];
}
