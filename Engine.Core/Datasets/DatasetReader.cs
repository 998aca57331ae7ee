using ClusterGcn.Engine.Core.Datasets.Building;
using ClusterGcn.Engine.Core.Datasets.Formats;
using ClusterGcn.Engine.Core.Datasets.Store;

namespace ClusterGcn.Engine.Core.Datasets;

/// <summary>Opens a dataset in any layout the engine reads, chosen by what the path holds, through its processed
/// store: the first load parses and validates the source and writes the store; later loads memory-map the store.</summary>
public static class DatasetReader
{
    /// <summary>Reads the dataset at <paramref name="path"/>: a source layout (plain-text, <c>.npy</c> directory,
    /// <c>.npz</c>, PyG raw Reddit, OGB raw) or a processed store directory.</summary>
    /// <remarks>With <see cref="DatasetOptions.UseStore"/>, the store for the source, preprocessing and split is
    /// opened when it is current, and (re)built otherwise. When the default store location (a <c>processed/</c>
    /// directory next to the source) cannot be created, as for a read-only source, the dataset is parsed into memory
    /// instead; an explicit <see cref="DatasetOptions.StoreDirectory"/> that cannot be written is an error.</remarks>
    /// <exception cref="FileNotFoundException">Nothing at the path, or a file the layout needs is missing.</exception>
    /// <exception cref="InvalidDataException">A malformed or inconsistent file (one line naming it).</exception>
    /// <exception cref="ArgumentException">Options that do not fit the dataset.</exception>
    public static NodeDataset Open(string path, DatasetOptions? options = null)
    {
        options ??= DatasetOptions.Default;
        if (options.SplitIndex < 0) throw new ArgumentException($"split index {options.SplitIndex} is negative.", nameof(options));
        if (ProcessedStore.Holds(path)) return ProcessedStore.Open(path);
        var format = DatasetFormat.Detect(path);
        string? store = options.UseStore ? StoreDirectory(format, options) : null;
        if (store is null) return Parse(format, options, store: null);
        var fingerprint = SourceFingerprint.Of(format.SourceFiles(options), format.Path);
        return ProcessedStore.TryOpen(store, fingerprint, options) ?? Parse(format, options, (store, fingerprint));
    }

    /// <summary>Where the store of the dataset at <paramref name="path"/> lives for <paramref name="options"/>
    /// (whether or not it exists yet).</summary>
    public static string StoreLocation(string path, DatasetOptions? options = null)
    {
        options ??= DatasetOptions.Default;
        return ProcessedStore.Holds(path) ? path : StorePathFor(DatasetFormat.Detect(path), options);
    }

    // Parses, validates and builds the dataset; with a store, writes it and returns the store mapped.
    private static NodeDataset Parse(DatasetFormat format, DatasetOptions options, (string Directory, SourceFingerprint Source)? store)
    {
        var parts = format.Read(options);
        try
        {
            DatasetValidation.Check(parts);
            var (rowPtr, colIdx) = SymmetricCsr.Build(parts.Edges, parts.NodeCount);
            var transform = FeatureTransform.Fit(options.Preprocessing, parts.Features, parts.FeatureCount, parts.Split.Train, parts.FeaturesFile);
            if (store is { } target)
            {
                ProcessedStore.Write(target.Directory, parts, rowPtr, colIdx, transform, format.Description, target.Source, options);
                parts.Dispose();
                return ProcessedStore.Open(target.Directory);
            }
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

    private static string? StoreDirectory(DatasetFormat format, DatasetOptions options)
    {
        string directory = StorePathFor(format, options);
        if (options.StoreDirectory is not null) return directory;
        string parent = Path.GetDirectoryName(Path.GetDirectoryName(directory)!)!;
        if (IsReadOnly(parent)) return null;
        try
        {
            Directory.CreateDirectory(directory);
            return directory;
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            return null;
        }
    }

    // By its permission bits, not by trying: root may write anywhere, but a directory that nobody may write (as the
    // team's shared datasets) is meant to stay as it is.
    private static bool IsReadOnly(string directory) =>
        !OperatingSystem.IsWindows() && Directory.Exists(directory)
        && (File.GetUnixFileMode(directory) & (UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) == 0;

    // <root>/<preprocessing>[-split<k>], the root being StoreDirectory/<name> or processed/ beside the source
    // (beside raw/ for a raw/ directory, as PyG lays out its datasets).
    private static string StorePathFor(DatasetFormat format, DatasetOptions options)
    {
        string key = FeaturePreprocessingNames.Name(options.Preprocessing) + (options.SplitIndex != 0 ? $"-split{options.SplitIndex}" : "");
        if (options.StoreDirectory is { } explicitRoot) return Path.Combine(explicitRoot, format.Name, key);
        string source = Path.TrimEndingDirectorySeparator(Path.GetFullPath(format.Path));
        string root = File.Exists(source)
            ? Path.Combine(Path.GetDirectoryName(source)!, "processed", format.Name)
            : Path.Combine(Path.GetFileName(source) == "raw" ? Path.GetDirectoryName(source)! : source, "processed");
        return Path.Combine(root, key);
    }
}
