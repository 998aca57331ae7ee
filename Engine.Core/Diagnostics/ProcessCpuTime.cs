using System.Runtime.InteropServices;

namespace ClusterGcn.Engine.Core.Diagnostics;

/// <summary>CPU time consumed by every thread of this process so far.</summary>
/// <remarks>On Linux from <c>clock_gettime(CLOCK_PROCESS_CPUTIME_ID)</c>, the scheduler's exact runtime sum.
/// <see cref="Environment.CpuUsage"/> (getrusage) splits that sum into user and system time and keeps each part
/// monotonic by clamping, so a short interval's difference can come out too small, and the best of many runs would
/// pick exactly those.</remarks>
internal static partial class ProcessCpuTime
{
    private const int ClockProcessCpuTimeId = 2;

    /// <summary>The process's CPU time in milliseconds, from an arbitrary origin.</summary>
    public static double Milliseconds()
    {
        if (OperatingSystem.IsLinux() && ClockGetTime(ClockProcessCpuTimeId, out var time) == 0)
            return time.Seconds * 1e3 + time.Nanoseconds / 1e6;
        return Environment.CpuUsage.TotalTime.TotalMilliseconds;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec time);
}
