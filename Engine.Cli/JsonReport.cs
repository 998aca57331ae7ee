using System.Text.Json;
using ClusterGcn.Engine.Partitioning.IO;

namespace ClusterGcn.Engine.Cli;

/// <summary>The <c>--json FILE</c> reports of every verb: indented, camelCase, written atomically.</summary>
public static class JsonReport
{
    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>Serialises <paramref name="report"/> to <paramref name="path"/>.</summary>
    public static void Write<T>(string path, T report) => AtomicWrite.Text(path, JsonSerializer.Serialize(report, Options));
}
