using ClusterGcn.Engine.Core.Datasets.Building;

namespace ClusterGcn.Engine.Core.Datasets.Formats;

/// <summary>One on-disk layout a dataset can arrive in. Recognising a layout looks only at file names, so the source
/// files are known (and fingerprinted for the processed store) without parsing them.</summary>
internal abstract class DatasetFormat(string path)
{
    /// <summary>The directory or file the dataset was given as.</summary>
    public string Path { get; } = path;

    /// <summary>A short description of the layout for reports ("plain-text", "npy directory", ...).</summary>
    public abstract string Description { get; }

    /// <summary>The dataset's name: the directory's name (its parent's for a <c>raw/</c> directory), or the file's
    /// name without extension.</summary>
    public string Name
    {
        get
        {
            string full = System.IO.Path.TrimEndingDirectorySeparator(System.IO.Path.GetFullPath(Path));
            if (File.Exists(full)) return System.IO.Path.GetFileNameWithoutExtension(full);
            string name = System.IO.Path.GetFileName(full);
            return name == "raw" ? System.IO.Path.GetFileName(System.IO.Path.GetDirectoryName(full)) ?? name : name;
        }
    }

    /// <summary>Every file <see cref="Read"/> will read.</summary>
    public abstract IReadOnlyList<string> SourceFiles(DatasetOptions options);

    /// <summary>Parses the files.</summary>
    /// <exception cref="InvalidDataException">A file is malformed (one line naming it).</exception>
    public abstract DatasetParts Read(DatasetOptions options);

    /// <summary>The layout <paramref name="path"/> holds.</summary>
    /// <exception cref="FileNotFoundException">Nothing at the path.</exception>
    /// <exception cref="InvalidDataException">A directory or file that holds no layout this reader knows.</exception>
    public static DatasetFormat Detect(string path)
    {
        if (File.Exists(path)) return path.EndsWith(".npz", StringComparison.OrdinalIgnoreCase) ? new NpyLayoutFormat(path) : throw Unknown(path);
        if (!Directory.Exists(path)) throw new FileNotFoundException($"{path}: no such file or directory.", path);
        if (PlainTextFormat.Holds(path)) return new PlainTextFormat(path);
        if (NpyLayoutFormat.Holds(path)) return new NpyLayoutFormat(path);
        if (RedditRawFormat.Holds(path)) return new RedditRawFormat(path);
        if (RedditRawFormat.Holds(System.IO.Path.Combine(path, "raw"))) return new RedditRawFormat(System.IO.Path.Combine(path, "raw"));
        if (OgbFormat.Holds(path)) return new OgbFormat(path);
        throw Unknown(path);
    }

    private static InvalidDataException Unknown(string path) =>
        new($"{path}: no dataset layout recognised (expected edges.tsv.gz + labels.txt, edge_index.npy + x.npy + y.npy, an .npz archive, reddit_data.npz + reddit_graph.npz, OGB's raw/ and split/, or a processed store's manifest.json).");
}
