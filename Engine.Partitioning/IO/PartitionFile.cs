using System.Globalization;
using System.Text.Json;
using ClusterGcn.Engine.Partitioning.Graphs;
using ClusterGcn.Engine.Partitioning.Multilevel;

namespace ClusterGcn.Engine.Partitioning.IO;

/// <summary>The partition cache: part ids in a NumPy <c>.npy</c> file (int32, one per node) and, beside it in
/// <c>&lt;file&gt;.json</c>, a manifest with the format version, the graph's checksum, k, the seed, ε, the strong flag and a checksum of
/// the part ids. A cached partition is reused only for the same graph and the same k, seed, ε and strong flag.</summary>
/// <remarks>Both files are written to temporaries first and the manifest is renamed into place last, so it always
/// describes a complete <c>.npy</c>. The thread count is not part of the key: it never changes the result.</remarks>
public static class PartitionFile
{
    /// <summary>Version of the cache layout; a manifest of another version is treated as a miss.</summary>
    public const int FormatVersion = 1;

    private const string FormatName = "cgcn-partition";

    /// <summary>The manifest that goes with the part ids in <paramref name="path"/>.</summary>
    public static string ManifestPath(string path) => path + ".json";

    /// <summary>A 64-bit checksum of the graph's structure and weights: node count, row pointers, neighbours, edge
    /// weights and node weights (each marked present or absent).</summary>
    public static ulong GraphChecksum(CsrGraph graph)
    {
        var sum = new Checksum64();
        sum.Add((ulong)graph.NodeCount);
        sum.Add(graph.RowPtr);
        sum.Add(graph.ColIdx);
        sum.Add(graph.HasEdgeWeights ? 1UL : 0UL);
        sum.Add(graph.EdgeWeights);
        sum.Add(graph.HasNodeWeights ? 1UL : 0UL);
        sum.Add(graph.NodeWeights);
        return sum.Value;
    }

    /// <summary>Caches <paramref name="part"/>, the partition of <paramref name="graph"/> computed with
    /// <paramref name="options"/>, in <paramref name="path"/> and its manifest, atomically.</summary>
    /// <exception cref="ArgumentException">The partition does not fit the graph or k.</exception>
    public static void Save(string path, CsrGraph graph, ReadOnlySpan<int> part, PartitionOptions options)
    {
        CheckParts(part, graph.NodeCount, options.Parts, message => new ArgumentException($"partition: {message}", nameof(part)));
        byte[] npy = Npy(part);
        byte[] manifest = Manifest(graph, part, options);
        AtomicWrite.Files((path, s => s.Write(npy)), (ManifestPath(path), s => s.Write(manifest)));
    }

    /// <summary>The cached partition of <paramref name="graph"/> for <paramref name="options"/>, or null when there
    /// is none: no file, a manifest of another format version, or another graph, k, seed, ε or strong flag (so the caller
    /// recomputes and saves over it).</summary>
    /// <exception cref="InvalidDataException">The files exist but are corrupt (one line naming the file).</exception>
    /// <exception cref="IOException">The files cannot be read.</exception>
    public static int[]? Load(string path, CsrGraph graph, PartitionOptions options)
    {
        string manifestPath = ManifestPath(path);
        if (!File.Exists(path) || !File.Exists(manifestPath)) return null;
        var entry = ReadManifest(manifestPath);
        if (entry.Version != FormatVersion) return null;
        if (entry.Nodes != graph.NodeCount || entry.Parts != options.Parts || entry.Seed != options.Seed
            || entry.Imbalance != options.Imbalance || entry.Strong != options.Strong || entry.GraphChecksum != GraphChecksum(graph))
            return null;
        int[] part = ReadNpy(path, entry.Nodes);
        CheckParts(part, entry.Nodes, entry.Parts, message => new InvalidDataException($"{path}: {message}"));
        var sum = new Checksum64();
        sum.Add(part);
        if (sum.Value != entry.PartChecksum)
            throw new InvalidDataException($"{path}: the part ids do not match the checksum in {Path.GetFileName(manifestPath)}: the cache is corrupt; delete it.");
        return part;
    }

    /// <summary>Writes one block id per line, as gpmetis writes <c>graph.part.k</c>, atomically.</summary>
    public static void WriteGpmetisStyle(string path, ReadOnlySpan<int> part)
    {
        int[] copy = part.ToArray(); // the writer runs in a callback, which cannot capture a span
        AtomicWrite.File(path, stream =>
        {
            var output = new AsciiIntWriter(stream);
            foreach (int block in copy)
            {
                output.Int(block);
                output.EndLine();
            }
            output.Flush();
        });
    }

    /// <summary>Reads a gpmetis partition file (one block id per line) for a graph of <paramref name="nodeCount"/>
    /// nodes into <paramref name="parts"/> blocks.</summary>
    /// <exception cref="InvalidDataException">Not one id in [0, k) per line for each node (one line naming the file and line).</exception>
    public static int[] ReadGpmetisStyle(string path, int nodeCount, int parts)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        var reader = new AsciiIntReader(stream, path);
        var part = new int[nodeCount];
        for (int u = 0; u < nodeCount; u++)
        {
            if (!reader.NextLine(skipBlank: true))
                throw new InvalidDataException($"{path}: truncated: {u} block ids for a graph of {nodeCount} nodes.");
            if (!reader.TryReadInt(out long block)) throw reader.Error("expected a block id.");
            if (block >= parts) throw reader.Error($"block {block} of node {u + 1} is outside [0, {parts}).");
            part[u] = (int)block;
            reader.EndLine("number");
        }
        if (reader.NextLine(skipBlank: true)) throw reader.Error($"more block ids than the graph's {nodeCount} nodes.");
        return part;
    }

    private static void CheckParts(ReadOnlySpan<int> part, int nodeCount, int parts, Func<string, Exception> error)
    {
        if (part.Length != nodeCount) throw error($"{part.Length} block ids for {nodeCount} nodes.");
        for (int u = 0; u < part.Length; u++)
            if ((uint)part[u] >= (uint)parts) throw error($"node {u} is in block {part[u]}, outside [0, {parts}).");
    }

    private static byte[] Npy(ReadOnlySpan<int> part)
    {
        using var buffer = new MemoryStream();
        NpyWriter.Write(buffer, part, part.Length);
        return buffer.ToArray();
    }

    private static int[] ReadNpy(string path, int nodeCount)
    {
        var header = NpyReader.ReadHeader(path);
        if (header.Type != NpyType.Int32 || header.Rank != 1)
            throw new InvalidDataException($"{path}: expected a 1-D int32 array, found {header.Descr} of shape {header.ShapeText}.");
        if (header.Count != nodeCount) throw new InvalidDataException($"{path}: holds {header.Count} block ids for {nodeCount} nodes.");
        return NpyReader.ReadArray<int>(path);
    }

    private sealed record ManifestEntry(int Version, int Nodes, int Parts, ulong Seed, double Imbalance, bool Strong, ulong GraphChecksum, ulong PartChecksum);

    private static byte[] Manifest(CsrGraph graph, ReadOnlySpan<int> part, PartitionOptions options)
    {
        var sum = new Checksum64();
        sum.Add(part);
        return JsonManifest.Write(FormatName, FormatVersion, json =>
        {
            json.WriteNumber("nodes", graph.NodeCount);
            json.WriteNumber("parts", options.Parts);
            json.WriteNumber("seed", options.Seed);
            json.WriteNumber("imbalance", options.Imbalance);
            json.WriteBoolean("strong", options.Strong);
            json.WriteString("graphChecksum", Hex(GraphChecksum(graph)));
            json.WriteString("partChecksum", Hex(sum.Value));
        });
    }

    private static string Hex(ulong value) => value.ToString("x16", CultureInfo.InvariantCulture);

    private static ManifestEntry ReadManifest(string path) => JsonManifest.Read(path, FormatName, (root, version) =>
    {
        if (version != FormatVersion) return new ManifestEntry(version, 0, 0, 0, 0, false, 0, 0);
        return new ManifestEntry(version, root.GetProperty("nodes").GetInt32(), root.GetProperty("parts").GetInt32(),
            root.GetProperty("seed").GetUInt64(), root.GetProperty("imbalance").GetDouble(),
            // Caches written before strong partitioning existed were all made without it.
            root.TryGetProperty("strong", out var strong) && strong.GetBoolean(),
            ParseHex(root.GetProperty("graphChecksum")), ParseHex(root.GetProperty("partChecksum")));
    });

    private static ulong ParseHex(JsonElement element) =>
        ulong.TryParse(element.GetString(), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong value)
            ? value
            : throw new FormatException($"'{element.GetString()}' is not a 16-digit hex checksum.");
}
