using System.Runtime.InteropServices;
using ClusterGcn.Engine.Core.Datasets.Building;
using ClusterGcn.Engine.Partitioning.IO;

namespace ClusterGcn.Engine.Core.Datasets.Store;

/// <summary>A processed dataset on disk: <c>row_ptr.npy</c> (int64 [N+1]), <c>col_idx.npy</c> (int32 [E]),
/// <c>x.npy</c> (float32 [N, F], preprocessed), <c>y.npy</c> (int32 [N], or uint8 [N, C] for multi-label),
/// <c>train_mask.npy</c>, <c>val_mask.npy</c>, <c>test_mask.npy</c> (bool [N]) and <c>manifest.json</c>.
/// Opening one memory-maps every array: nothing is parsed and nothing large enters the managed heap.</summary>
/// <remarks>The arrays are written to temporary files and renamed into place, the manifest last; a rebuild deletes
/// the old manifest first. So a directory with a manifest always holds the complete arrays it describes.</remarks>
internal static class ProcessedStore
{
    private const string RowPtr = "row_ptr.npy", ColIdx = "col_idx.npy", X = "x.npy", Y = "y.npy",
        TrainMask = "train_mask.npy", ValMask = "val_mask.npy", TestMask = "test_mask.npy";

    private const int RowsPerBlock = 1024;

    /// <summary>Whether <paramref name="directory"/> holds a store manifest.</summary>
    public static bool Holds(string directory) => File.Exists(Path.Combine(directory, StoreManifest.FileName));

    /// <summary>The store in <paramref name="directory"/> if it is complete and was built from
    /// <paramref name="source"/> with <paramref name="options"/>; null when it is absent, of another version,
    /// stale or damaged, so that the caller rebuilds it.</summary>
    public static NodeDataset? TryOpen(string directory, SourceFingerprint source, DatasetOptions options)
    {
        if (!Holds(directory)) return null;
        try
        {
            var manifest = StoreManifest.Read(Path.Combine(directory, StoreManifest.FileName));
            if (manifest.Version != StoreManifest.FormatVersion || manifest.Source is null || !manifest.Source.Matches(source)
                || manifest.Preprocessing != options.Preprocessing || manifest.SplitIndex != options.SplitIndex)
                return null;
            return Open(directory, manifest);
        }
        catch (Exception e) when (e is InvalidDataException or FileNotFoundException)
        {
            return null; // damaged or incomplete: rebuilt from the source, which is the authority
        }
    }

    /// <summary>Opens the store in <paramref name="directory"/> directly (no source to compare with).</summary>
    /// <exception cref="InvalidDataException">Another version, or a damaged store (one line naming the file).</exception>
    public static NodeDataset Open(string directory)
    {
        string path = Path.Combine(directory, StoreManifest.FileName);
        var manifest = StoreManifest.Read(path);
        if (manifest.Version != StoreManifest.FormatVersion)
            throw new InvalidDataException($"{path}: store format version {manifest.Version}, this build reads {StoreManifest.FormatVersion}; rebuild it from its source.");
        return Open(directory, manifest);
    }

    /// <summary>Writes a store of the validated dataset to <paramref name="directory"/>, the features passed through
    /// <paramref name="transform"/> on the way, atomically.</summary>
    public static void Write(string directory, DatasetParts parts, HostArray<long> rowPtr, HostArray<int> colIdx,
        FeatureTransform transform, string sourceFormat, SourceFingerprint source, DatasetOptions options)
    {
        Directory.CreateDirectory(directory);
        File.Delete(Path.Combine(directory, StoreManifest.FileName));
        int n = parts.NodeCount, f = parts.FeatureCount;
        var labels = parts.Labels;
        var manifest = new StoreManifest(StoreManifest.FormatVersion, parts.Name, sourceFormat, options.Preprocessing, options.SplitIndex, source,
            n, colIdx.Length, f, labels.ClassCount, labels.IsMultiLabel,
            Count(parts.Split.Train), Count(parts.Split.Validation), Count(parts.Split.Test));
        string In(string name) => Path.Combine(directory, name);
        AtomicWrite.Files(
            (In(RowPtr), s => WriteArray(s, rowPtr, rowPtr.Length)),
            (In(ColIdx), s => WriteArray(s, colIdx, colIdx.Length)),
            (In(X), s => WriteFeatures(s, parts.Features, n, f, transform)),
            (In(Y), s =>
            {
                if (labels.Classes is { } classes) WriteArray(s, classes, n);
                else WriteArray(s, labels.MultiHot!, n, labels.ClassCount);
            }),
            (In(TrainMask), s => WriteMask(s, parts.Split.Train)),
            (In(ValMask), s => WriteMask(s, parts.Split.Validation)),
            (In(TestMask), s => WriteMask(s, parts.Split.Test)),
            (In(StoreManifest.FileName), s => s.Write(manifest.ToJson())));
    }

    private static int Count(HostArray<byte> mask) => mask.Span.Length - mask.Span.Count((byte)0);

    private static void WriteArray<T>(Stream stream, HostArray<T> array, params long[] shape) where T : unmanaged
    {
        stream.Write(NpyWriter.Header<T>(shape));
        const int Slice = 1 << 20;
        for (long start = 0; start < array.Length; start += Slice)
            NpyWriter.WriteData(stream, array.Slice(start, (int)Math.Min(Slice, array.Length - start)));
    }

    private static void WriteFeatures(Stream stream, HostArray<float> features, int n, int f, FeatureTransform transform)
    {
        if (transform.IsIdentity)
        {
            WriteArray(stream, features, n, f);
            return;
        }
        stream.Write(NpyWriter.Header<float>(n, f));
        var block = new float[RowsPerBlock * f];
        for (int first = 0; first < n; first += RowsPerBlock)
        {
            int rows = Math.Min(RowsPerBlock, n - first);
            for (int r = 0; r < rows; r++) transform.Apply(features.Slice((long)(first + r) * f, f), block.AsSpan(r * f, f));
            NpyWriter.WriteData<float>(stream, block.AsSpan(0, rows * f));
        }
    }

    private static void WriteMask(Stream stream, HostArray<byte> mask)
    {
        var bits = new byte[mask.Length];
        var span = mask.Span;
        for (int u = 0; u < bits.Length; u++) bits[u] = span[u] != 0 ? (byte)1 : (byte)0; // numpy bools are exactly 0 or 1
        stream.Write(NpyWriter.Header<bool>(bits.Length));
        stream.Write(bits);
    }

    private static NodeDataset Open(string directory, StoreManifest manifest)
    {
        var opened = new List<IDisposable>();
        HostArray<T> Map<T>(string name, params long[] shape) where T : unmanaged
        {
            string path = Path.Combine(directory, name);
            var header = NpyReader.ReadHeader(path);
            if (!header.IsInPlace<T>() || !header.Shape.SequenceEqual(shape))
                throw new InvalidDataException($"{path}: a {header.Descr} array of shape {header.ShapeText}, but {StoreManifest.FileName} describes {NpyWriter.Descr<T>()} of shape ({string.Join(", ", shape)}).");
            var array = HostArray<T>.Map(path, header.DataOffset, header.Count);
            opened.Add(array);
            return array;
        }
        try
        {
            int n = manifest.Nodes;
            var rowPtr = Map<long>(RowPtr, n + 1L);
            if (rowPtr[0] != 0 || rowPtr[n] != manifest.Entries)
                throw new InvalidDataException($"{Path.Combine(directory, RowPtr)}: row pointers run from {rowPtr[0]} to {rowPtr[n]}, not from 0 to {manifest.Entries}.");
            var colIdx = Map<int>(ColIdx, manifest.Entries);
            var features = Map<float>(X, n, manifest.Features);
            var labels = manifest.MultiLabel
                ? NodeLabels.Multi(Map<byte>(Y, n, manifest.Classes), manifest.Classes)
                : NodeLabels.Single(Map<int>(Y, n), manifest.Classes);
            var split = new NodeSplit(Map<byte>(TrainMask, n), Map<byte>(ValMask, n), Map<byte>(TestMask, n));
            return new NodeDataset(manifest.Name, rowPtr, colIdx, features, manifest.Features, labels, split) { StorePath = directory };
        }
        catch
        {
            foreach (var array in opened) array.Dispose();
            throw;
        }
    }
}
