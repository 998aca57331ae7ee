using ClusterGcn.Engine.Core.Devices;
using ClusterGcn.Engine.Core.Diagnostics;

namespace ClusterGcn.Engine.Cli.Commands;

/// <summary><c>cgcn doctor</c>: lists the compute devices found, runs every op on each against the SIMD CPU
/// backend, and prints each op's error and time. Exit 0 only when every op agrees everywhere.</summary>
public static class DoctorCommand
{
    private const string Help = """
        usage: cgcn doctor [--json FILE] [--scale S]

        Lists the compute devices found, runs every op on each against the SIMD CPU backend (device 'cpu') and
        prints per op the max relative error and the time. Exits 0 only when every op agrees on every device.

          --json FILE   also write the results as JSON (atomically)
          --scale S     fraction of the default sizes (Reddit-like batch of 1,024 rows x 602 features), (0, 1]; default 1
        """;

    /// <summary>Runs the verb.</summary>
    public static int Run(IReadOnlyList<string> args, TextWriter stdout)
    {
        var line = CommandLine.Parse("doctor", args, ["json", "scale"], []);
        if (line.HelpRequested) { stdout.WriteLine(Help); return 0; }
        double scale = line.Double("scale", 1.0, 1e-4, 1.0);
        string? json = line.String("json");

        var devices = ComputeDevice.Discover();
        stdout.WriteLine("devices found:");
        foreach (var d in devices) stdout.WriteLine($"  {d.Kind,-10} {d.Name} ({d.MemoryBytes / (1 << 20):N0} MiB)");

        using var reference = ComputeDevice.Open("cpu");
        var report = new List<DeviceReport>();
        foreach (var d in devices)
        {
            using var device = d.Kind == reference.Kind ? null : ComputeDevice.Open(d.Kind);
            var results = OpCheck.Compare(reference.Kernels, (device ?? reference).Kernels, scale);
            report.Add(new DeviceReport(d.Kind, d.Name, results));
            stdout.WriteLine();
            stdout.WriteLine($"{d.Kind}: {d.Name}");
            stdout.WriteLine($"  {"op",-40} {"max rel err",12} {"ms",10} {"cpu ms",10}  ok");
            foreach (var r in results)
                stdout.WriteLine($"  {r.Op,-40} {r.MaxRelativeError,12:E2} {r.Milliseconds,10:F3} {r.ReferenceMilliseconds,10:F3}  {(r.Agrees ? "yes" : "NO")}");
        }

        int disagreements = report.Sum(d => d.Results.Count(r => !r.Agrees));
        stdout.WriteLine();
        stdout.WriteLine(disagreements == 0
            ? $"all ops agree on {report.Count} device(s)"
            : $"{disagreements} op result(s) disagree with the SIMD CPU backend");
        if (json is not null)
            JsonReport.Write(json, report);
        return disagreements == 0 ? 0 : 1;
    }

    internal sealed record DeviceReport(string Kind, string Name, IReadOnlyList<OpCheckResult> Results);
}
