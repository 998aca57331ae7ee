using ClusterGcn.Engine.Core.Datasets.Building;

namespace ClusterGcn.Engine.Core.Datasets.Formats;

/// <summary>PyG's raw Reddit files: <c>reddit_data.npz</c> (<c>feature</c> [N, F], <c>label</c> [N],
/// <c>node_types</c> [N] with 1/2/3 = train/validation/test) and <c>reddit_graph.npz</c> (a SciPy CSR matrix:
/// <c>indptr</c>, <c>indices</c>, <c>data</c>, <c>shape</c>; the values in <c>data</c> are ignored).</summary>
internal sealed class RedditRawFormat(string path) : DatasetFormat(path)
{
    private const string DataFile = "reddit_data.npz", GraphFile = "reddit_graph.npz";

    /// <inheritdoc/>
    public override string Description => "PyG raw Reddit";

    /// <summary>Whether <paramref name="directory"/> holds the two archives (directly or in <c>raw/</c>).</summary>
    public static bool Holds(string directory) => File.Exists(System.IO.Path.Combine(directory, DataFile));

    /// <inheritdoc/>
    public override IReadOnlyList<string> SourceFiles(DatasetOptions options) => [In(DataFile), In(GraphFile)];

    /// <inheritdoc/>
    public override DatasetParts Read(DatasetOptions options)
    {
        if (options.SplitIndex != 0) throw new ArgumentException($"{Path}: has one split, so split {options.SplitIndex} does not exist.", nameof(options));
        using var data = NpyArrays.InArchive(In(DataFile));
        using var graph = NpyArrays.InArchive(In(GraphFile));
        foreach (string name in new[] { "feature", "label", "node_types" })
            if (!data.Contains(name)) throw new FileNotFoundException($"{data.PathOf(name)}: no such member in the archive.");
        foreach (string name in new[] { "indptr", "indices", "shape" })
            if (!graph.Contains(name)) throw new FileNotFoundException($"{graph.PathOf(name)}: no such member: the graph must be a SciPy CSR matrix.");

        var feature = data.Header("feature", 2);
        data.Header("label", 1);
        data.Header("node_types", 1);
        int nodeCount = checked((int)feature.Shape[0]);
        var edges = ReadGraph(graph, nodeCount);
        var features = data.Load<float>("feature");
        var labels = data.Load<int>("label");
        int max = -1;
        foreach (int c in labels.Span) max = Math.Max(max, c);
        var split = ReadSplit(data);
        string types = data.PathOf("node_types");
        return new DatasetParts(Name, nodeCount, data.PathOf("feature"), edges, features, (int)feature.Shape[1], data.PathOf("feature"),
            NodeLabels.Single(labels, max + 1), data.PathOf("label"), split, (types, types, types));
    }

    private string In(string name) => System.IO.Path.Combine(Path, name);

    private static EdgeList ReadGraph(NpyArrays graph, int nodeCount)
    {
        var shape = graph.Load<long>("shape").Span;
        if (shape.Length != 2 || shape[0] != nodeCount || shape[1] != nodeCount)
            throw new InvalidDataException($"{graph.PathOf("shape")}: the adjacency matrix is {string.Join(" x ", shape.ToArray())}, not {nodeCount} x {nodeCount} (the rows of feature).");
        graph.Header("indptr", 1);
        graph.Header("indices", 1);
        long[] indptr = graph.Load<long>("indptr").Span.ToArray();
        int[] indices = graph.Load<int>("indices").Span.ToArray();
        if (indptr.Length != nodeCount + 1 || indptr[0] != 0 || indptr[^1] != indices.Length)
            throw new InvalidDataException($"{graph.PathOf("indptr")}: {indptr.Length} row pointers from {indptr[0]} to {indptr[^1]}, expected {nodeCount + 1} from 0 to {indices.Length} (the length of indices).");
        for (int u = 0; u < nodeCount; u++)
            if (indptr[u + 1] < indptr[u]) throw new InvalidDataException($"{graph.PathOf("indptr")}: row pointers decrease at row {u}.");
        return EdgeList.OfCsr(graph.PathOf("indices"), indptr, indices);
    }

    private static NodeSplit ReadSplit(NpyArrays data)
    {
        var types = data.Load<int>("node_types").Span;
        var masks = new byte[3][];
        for (int i = 0; i < 3; i++) masks[i] = new byte[types.Length];
        for (int u = 0; u < types.Length; u++)
        {
            if (types[u] is < 1 or > 3)
                throw new InvalidDataException($"{data.PathOf("node_types")}: node {u} has type {types[u]}; types are 1 (train), 2 (validation) and 3 (test).");
            masks[types[u] - 1][u] = 1;
        }
        return new NodeSplit(HostArray<byte>.Wrap(masks[0]), HostArray<byte>.Wrap(masks[1]), HostArray<byte>.Wrap(masks[2]));
    }
}
