using ClusterGcn.Engine.Partitioning.IO;
using System.Text.Json;

namespace ClusterGcn.Engine.Core.Datasets.Store;

/// <summary>The <c>manifest.json</c> of a processed store: format and version, the dataset's name and counts, the
/// preprocessing and split it was built with, and the fingerprint of its source. Written last, so a store without a
/// manifest is incomplete and ignored.</summary>
internal sealed record StoreManifest(
    int Version, string Name, string SourceFormat, FeaturePreprocessing Preprocessing, int SplitIndex, SourceFingerprint? Source,
    int Nodes, long Entries, int Features, int Classes, bool MultiLabel, int Train, int Validation, int Test)
{
    /// <summary>The layout version this code reads and writes; a store of another version is rebuilt.</summary>
    public const int FormatVersion = 1;

    /// <summary>The manifest's file name.</summary>
    public const string FileName = "manifest.json";

    private const string FormatName = "cgcn-dataset-store";

    /// <summary>The manifest as UTF-8 JSON bytes.</summary>
    public byte[] ToJson() => JsonManifest.Write(FormatName, Version, json =>
    {
        json.WriteString("name", Name);
        json.WriteString("sourceFormat", SourceFormat);
        json.WriteString("preprocessing", Preprocessing.ToString());
        json.WriteNumber("splitIndex", SplitIndex);
        json.WriteNumber("nodes", Nodes);
        json.WriteNumber("entries", Entries);
        json.WriteNumber("features", Features);
        json.WriteNumber("classes", Classes);
        json.WriteBoolean("multiLabel", MultiLabel);
        json.WriteNumber("train", Train);
        json.WriteNumber("validation", Validation);
        json.WriteNumber("test", Test);
        json.WritePropertyName("source");
        if (Source is null) json.WriteNullValue();
        else Source.Write(json);
    });

    /// <summary>Reads the manifest at <paramref name="path"/>; a manifest of another version comes back with only
    /// its version set.</summary>
    /// <exception cref="InvalidDataException">Not a store manifest, or corrupt.</exception>
    public static StoreManifest Read(string path) => JsonManifest.Read(path, FormatName, (root, version) =>
    {
        if (version != FormatVersion) return new StoreManifest(version, "", "", FeaturePreprocessing.None, 0, null, 0, 0, 0, 0, false, 0, 0, 0);
        var source = root.GetProperty("source");
        return new StoreManifest(version, root.GetProperty("name").GetString()!, root.GetProperty("sourceFormat").GetString()!,
            Enum.Parse<FeaturePreprocessing>(root.GetProperty("preprocessing").GetString()!), root.GetProperty("splitIndex").GetInt32(),
            source.ValueKind == JsonValueKind.Null ? null : SourceFingerprint.Read(source),
            root.GetProperty("nodes").GetInt32(), root.GetProperty("entries").GetInt64(), root.GetProperty("features").GetInt32(),
            root.GetProperty("classes").GetInt32(), root.GetProperty("multiLabel").GetBoolean(),
            root.GetProperty("train").GetInt32(), root.GetProperty("validation").GetInt32(), root.GetProperty("test").GetInt32());
    });
}
