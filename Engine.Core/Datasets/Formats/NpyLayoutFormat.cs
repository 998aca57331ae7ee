using ClusterGcn.Engine.Core.Datasets.Building;

namespace ClusterGcn.Engine.Core.Datasets.Formats;

/// <summary>PyG-style arrays, as <c>.npy</c> files in a directory or members of one <c>.npz</c> archive:
/// <c>edge_index</c> [2, E] (int32 or int64), <c>x</c> [N, F], <c>y</c> [N] (one class, −1 = unlabeled) or [N, C]
/// (multi-label 0/1), and optional <c>train_mask</c>, <c>val_mask</c>, <c>test_mask</c> [N].</summary>
/// <remarks>N is the number of rows of <c>x</c>. In a directory, arrays already in the needed dtype, little-endian
/// and C order are memory-mapped rather than read.</remarks>
internal sealed class NpyLayoutFormat(string path) : DatasetFormat(path)
{
    private static readonly string[] Required = ["edge_index", "x", "y"];
    private static readonly string[] Masks = ["train_mask", "val_mask", "test_mask"];

    private bool IsArchive => File.Exists(Path);

    /// <inheritdoc/>
    public override string Description => IsArchive ? "npz archive" : "npy directory";

    /// <summary>Whether <paramref name="directory"/> holds the <c>.npy</c> files of this layout.</summary>
    public static bool Holds(string directory) => File.Exists(System.IO.Path.Combine(directory, "edge_index.npy"));

    /// <inheritdoc/>
    public override IReadOnlyList<string> SourceFiles(DatasetOptions options) =>
        IsArchive ? [Path] : [.. Required.Concat(Masks).Select(name => System.IO.Path.Combine(Path, name + ".npy")).Where(File.Exists)];

    /// <inheritdoc/>
    public override DatasetParts Read(DatasetOptions options)
    {
        if (options.SplitIndex != 0) throw new ArgumentException($"{Path}: has one split, so split {options.SplitIndex} does not exist.", nameof(options));
        using var arrays = IsArchive ? NpyArrays.InArchive(Path) : NpyArrays.InDirectory(Path);
        foreach (string name in Required)
            if (!arrays.Contains(name)) throw new FileNotFoundException($"{arrays.PathOf(name)}: file not found (the layout needs edge_index, x and y).");
        return Read(arrays, Name);
    }

    /// <summary>The dataset in <paramref name="arrays"/>.</summary>
    public static DatasetParts Read(NpyArrays arrays, string name)
    {
        var x = arrays.Header("x", 2);
        var edgeIndex = arrays.Header("edge_index", 2);
        if (edgeIndex.Shape[0] != 2) throw new InvalidDataException($"{arrays.PathOf("edge_index")}: expected shape (2, E), found {edgeIndex.ShapeText}.");
        var y = arrays.Header("y", 1, 2);
        int nodeCount = x.Shape[0] <= int.MaxValue ? (int)x.Shape[0] : throw new InvalidDataException($"{arrays.PathOf("x")}: {x.Shape[0]} rows exceed int32 node ids.");
        var disposables = new List<IDisposable>();
        try
        {
            var edges = Edges(arrays, edgeIndex, disposables);
            var features = Track(arrays.Load<float>("x"), disposables);
            var labels = Track(Labels(arrays, y), disposables);
            var split = Track(Split(arrays, nodeCount), disposables);
            string MaskPath(string mask) => arrays.Contains(mask) ? arrays.PathOf(mask) : $"{arrays.PathOf(mask)} (absent)";
            return new DatasetParts(name, nodeCount, arrays.PathOf("x"), edges, features, (int)x.Shape[1], arrays.PathOf("x"),
                labels, arrays.PathOf("y"), split, (MaskPath("train_mask"), MaskPath("val_mask"), MaskPath("test_mask")));
        }
        catch
        {
            foreach (var disposable in disposables) disposable.Dispose();
            throw;
        }
    }

    private static T Track<T>(T disposable, List<IDisposable> disposables) where T : IDisposable
    {
        disposables.Add(disposable);
        return disposable;
    }

    private static EdgeList Edges(NpyArrays arrays, Partitioning.IO.NpyHeader header, List<IDisposable> disposables)
    {
        string file = arrays.PathOf("edge_index");
        return header.IsInPlace<long>()
            ? EdgeList.OfIndex(file, Track(arrays.Load<long>("edge_index"), disposables))
            : EdgeList.OfIndex(file, Track(arrays.Load<int>("edge_index"), disposables));
    }

    private static NodeLabels Labels(NpyArrays arrays, Partitioning.IO.NpyHeader header)
    {
        if (header.Rank == 2)
        {
            int classCount = checked((int)header.Shape[1]);
            return NodeLabels.Multi(arrays.Load<byte>("y"), classCount);
        }
        var classes = arrays.Load<int>("y");
        int max = -1;
        foreach (int c in classes.Span) max = Math.Max(max, c);
        return NodeLabels.Single(classes, max + 1);
    }

    private static NodeSplit Split(NpyArrays arrays, int nodeCount)
    {
        var masks = new HostArray<byte>[3];
        for (int i = 0; i < 3; i++)
            masks[i] = arrays.Contains(Masks[i]) ? Mask(arrays, Masks[i]) : HostArray<byte>.Wrap(new byte[nodeCount]);
        return new NodeSplit(masks[0], masks[1], masks[2]);
    }

    private static HostArray<byte> Mask(NpyArrays arrays, string name)
    {
        arrays.Header(name, 1);
        return arrays.Load<byte>(name);
    }
}
