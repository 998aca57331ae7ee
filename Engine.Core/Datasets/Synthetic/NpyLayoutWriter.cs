using System.Text.Json;
using ClusterGcn.Engine.Partitioning.Graphs;
using ClusterGcn.Engine.Partitioning.IO;

namespace ClusterGcn.Engine.Core.Datasets.Synthetic;

/// <summary>Writes a synthetic dataset as the <c>.npy</c> directory layout of the Python ecosystem (PyG's
/// convention): <c>edge_index.npy</c> int64 [2, E] with both directions of every edge, <c>x.npy</c> float32 [N, F],
/// <c>y.npy</c> int64 [N], <c>train_mask.npy</c>, <c>val_mask.npy</c>, <c>test_mask.npy</c> bool [N], and a
/// <c>meta.json</c> naming the preset, the seed and the counts.</summary>
/// <remarks>Edges are streamed from the CSR and features are generated and written in chunks of rows, so memory
/// stays that of the graph, whatever N × F. Every file goes to a temporary file first and all are renamed into place
/// once complete, <c>meta.json</c> last (<see cref="AtomicWrite"/>).</remarks>
internal static class NpyLayoutWriter
{
    private const int ChunkBytes = 16 << 20;

    public static void Write(string directory, SyntheticPreset preset, ulong seed, SyntheticStructure structure, FeatureModel features, int threads)
    {
        CreateDirectory(directory);
        string In(string name) => Path.Combine(directory, name);
        var graph = structure.Graph;
        AtomicWrite.Files(
            (In("edge_index.npy"), stream => WriteEdgeIndex(stream, graph)),
            (In("x.npy"), stream => WriteFeatures(stream, features, graph.NodeCount, threads)),
            (In("y.npy"), stream => NpyWriter.Write<long>(stream, Array.ConvertAll(structure.Classes, c => (long)c), graph.NodeCount)),
            (In("train_mask.npy"), stream => WriteMask(stream, structure.Mask(SyntheticStructure.Train))),
            (In("val_mask.npy"), stream => WriteMask(stream, structure.Mask(SyntheticStructure.Validation))),
            (In("test_mask.npy"), stream => WriteMask(stream, structure.Mask(SyntheticStructure.Test))),
            (In("meta.json"), stream => stream.Write(Meta(preset, seed, structure))));
    }

    // The runtime's own messages for these cases ("Could not find a part of the path", "The file already exists")
    // do not say what was being attempted.
    private static void CreateDirectory(string directory)
    {
        if (File.Exists(directory)) throw new IOException($"{directory}: is a file, not a directory.");
        try
        {
            Directory.CreateDirectory(directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"{directory}: cannot create the directory: {e.Message}", e);
        }
    }

    // Row 0 holds each entry's source (CSR order), row 1 its target.
    private static void WriteEdgeIndex(Stream stream, CsrGraph graph)
    {
        stream.Write(NpyWriter.Header<long>(2, graph.EntryCount));
        var buffer = new long[ChunkBytes / sizeof(long)];
        int filled = 0;
        void Put(long value)
        {
            buffer[filled++] = value;
            if (filled < buffer.Length) return;
            NpyWriter.WriteData<long>(stream, buffer);
            filled = 0;
        }
        for (int u = 0; u < graph.NodeCount; u++)
            for (int degree = graph.Degree(u); degree > 0; degree--) Put(u);
        foreach (int v in graph.ColIdx) Put(v);
        NpyWriter.WriteData<long>(stream, buffer.AsSpan(0, filled));
    }

    private static void WriteFeatures(Stream stream, FeatureModel features, int nodes, int threads)
    {
        stream.Write(NpyWriter.Header<float>(nodes, features.Width));
        int chunkRows = Math.Max(1, ChunkBytes / sizeof(float) / features.Width);
        var buffer = new float[chunkRows * features.Width];
        for (int first = 0; first < nodes; first += chunkRows)
        {
            var rows = buffer.AsMemory(0, Math.Min(chunkRows, nodes - first) * features.Width);
            features.FillParallel(first, rows, threads);
            NpyWriter.WriteData<float>(stream, rows.Span);
        }
    }

    // NumPy's bool is one byte, 0 or 1: the mask's own bytes under a |b1 header.
    private static void WriteMask(Stream stream, byte[] mask)
    {
        stream.Write(NpyWriter.Header<bool>(mask.Length));
        NpyWriter.WriteData<byte>(stream, mask);
    }

    private static byte[] Meta(SyntheticPreset preset, ulong seed, SyntheticStructure structure)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("generator", "cgcn generate");
            json.WriteString("preset", preset.Name);
            json.WriteNumber("seed", seed);
            var counts = structure.Counts(preset);
            json.WriteNumber("nodes", counts.Nodes);
            json.WriteNumber("edges", counts.Edges);
            json.WriteNumber("features", counts.Features);
            json.WriteNumber("classes", counts.Classes);
            json.WriteNumber("communities", preset.Communities);
            json.WriteNumber("train", counts.Train);
            json.WriteNumber("val", counts.Validation);
            json.WriteNumber("test", counts.Test);
            json.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }
}
