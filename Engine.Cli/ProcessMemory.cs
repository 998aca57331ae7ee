using System.Diagnostics;

namespace ClusterGcn.Engine.Cli;

/// <summary>The memory figure every verb reports.</summary>
internal static class ProcessMemory
{
    /// <summary>The process's peak working set so far (peak RSS on Linux), in MiB.</summary>
    public static double PeakWorkingSetMB()
    {
        using var process = Process.GetCurrentProcess();
        return process.PeakWorkingSet64 / (double)(1 << 20);
    }
}
