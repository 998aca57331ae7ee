using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace ClusterGcn.Engine.Bench.Kernels;

/// <summary>Short runs (3 warm-ups, 5 measured iterations) plus a rate column: kernels are deterministic and long
/// enough that more iterations add minutes on 2 cores without narrowing the interval much. In process: a
/// published benchmark (as on the GPU machine, which has no SDK) has no project for BenchmarkDotNet to rebuild.</summary>
/// <remarks>Two sealed subclasses exist because [Config] takes a type with a parameterless constructor.</remarks>
public abstract class KernelBenchConfig : ManualConfig
{
    /// <summary>The short job and a rate column in <paramref name="unit"/>.</summary>
    protected KernelBenchConfig(string unit)
    {
        AddJob(Job.Default.WithWarmupCount(3).WithIterationCount(5).WithLaunchCount(1).WithToolchain(InProcessEmitToolchain.Instance));
        AddColumn(new ThroughputColumn(unit));
    }
}

/// <summary>Rates in GFLOP/s.</summary>
public sealed class FlopsConfig() : KernelBenchConfig("GFLOP/s");

/// <summary>Rates in GB/s.</summary>
public sealed class BandwidthConfig() : KernelBenchConfig("GB/s");
