namespace ClusterGcn.Engine.Core.Datasets.Building;

/// <summary>What a format reader produces: the pieces of a dataset as its files hold them, each with the file it
/// came from, before validation, CSR building and feature preprocessing turn them into a <see cref="NodeDataset"/>.</summary>
/// <param name="Name">The dataset's name.</param>
/// <param name="NodeCount">N, as the reader determined it (from a metadata file or the feature rows).</param>
/// <param name="NodeCountFile">The file N was taken from.</param>
/// <param name="Edges">The edge list.</param>
/// <param name="Features">Features, row-major [rows, FeatureCount].</param>
/// <param name="FeatureCount">F.</param>
/// <param name="FeaturesFile">The file the features came from.</param>
/// <param name="Labels">The labels.</param>
/// <param name="LabelsFile">The file the labels came from.</param>
/// <param name="Split">The masks.</param>
/// <param name="SplitFiles">The files of the train, validation and test masks.</param>
internal sealed record DatasetParts(
    string Name, int NodeCount, string NodeCountFile, EdgeList Edges,
    HostArray<float> Features, int FeatureCount, string FeaturesFile,
    NodeLabels Labels, string LabelsFile,
    NodeSplit Split, (string Train, string Validation, string Test) SplitFiles) : IDisposable
{
    /// <inheritdoc/>
    public void Dispose()
    {
        Features.Dispose();
        Labels.Dispose();
        Split.Dispose();
    }
}
