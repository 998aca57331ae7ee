using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using ClusterGcn.Engine.Partitioning.IO;

namespace ClusterGcn.Engine.Cli;

/// <summary>The <c>--json FILE</c> reports of every verb: indented, camelCase, written atomically.</summary>
public static class JsonReport
{
    /// <summary>Serialises <paramref name="report"/> to <paramref name="path"/>.</summary>
    /// <exception cref="InvalidOperationException"><typeparamref name="T"/> is not a report type of <see cref="ReportJsonContext"/>.</exception>
    public static void Write<T>(string path, T report)
    {
        var info = ReportJsonContext.Default.GetTypeInfo(typeof(T)) as JsonTypeInfo<T>
            ?? throw new InvalidOperationException($"{typeof(T).Name} is not a report type listed in ReportJsonContext.");
        AtomicWrite.Text(path, JsonSerializer.Serialize(report, info));
    }
}
