namespace ClusterGcn.Engine.Bench.Kernels;

/// <summary>The backends the kernel benchmarks run on: <c>CGCN_BENCH_BACKENDS</c> (comma-separated: cpu, ilgpu-cpu,
/// cuda), "cpu" when unset. The ILGPU-on-CPU ratio lives in <c>cgcn doctor</c>; here it only adds minutes.</summary>
public static class BenchBackends
{
    /// <summary>The backend names to benchmark.</summary>
    public static IEnumerable<string> Names() =>
        (Environment.GetEnvironmentVariable("CGCN_BENCH_BACKENDS") ?? "cpu")
        .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
