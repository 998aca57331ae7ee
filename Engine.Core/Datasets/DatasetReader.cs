using ClusterGcn.Engine.Core.Datasets.Building;
using ClusterGcn.Engine.Core.Datasets.Formats;

namespace ClusterGcn.Engine.Core.Datasets;

/// <summary>Opens a dataset in any layout the engine reads, chosen by what the path holds.</summary>
public static class DatasetReader
{
    /// <summary>Reads the dataset at <paramref name="path"/>: parses it, validates it, builds the symmetric CSR and
    /// preprocesses the features.</summary>
    /// <exception cref="FileNotFoundException">Nothing at the path, or a file the layout needs is missing.</exception>
    /// <exception cref="InvalidDataException">A malformed or inconsistent file (one line naming it).</exception>
    /// <exception cref="ArgumentException">Options that do not fit the dataset.</exception>
    public static NodeDataset Open(string path, DatasetOptions? options = null)
    {
        options ??= DatasetOptions.Default;
        var format = DatasetFormat.Detect(path);
        var parts = format.Read(options);
        try
        {
            DatasetValidation.Check(parts);
            var (rowPtr, colIdx) = SymmetricCsr.Build(parts.Edges, parts.NodeCount);
            var transform = FeatureTransform.Fit(options.Preprocessing, parts.Features, parts.FeatureCount, parts.Split.Train, parts.FeaturesFile);
            var features = transform.ApplyAll(parts.Features, parts.FeatureCount);
            if (features != parts.Features) parts.Features.Dispose();
            return new NodeDataset(parts.Name, rowPtr, colIdx, features, parts.FeatureCount, parts.Labels, parts.Split);
        }
        catch
        {
            parts.Dispose();
            throw;
        }
    }
}
