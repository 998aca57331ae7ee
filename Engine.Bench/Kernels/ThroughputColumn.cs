using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace ClusterGcn.Engine.Bench.Kernels;

/// <summary>A benchmark that knows how much work one invocation does, so its report shows a rate next to the time.</summary>
public interface IWorkload
{
    /// <summary>Floating-point operations (for GFLOP/s) or bytes moved (for GB/s) by one invocation with the current parameters.</summary>
    double WorkPerInvocation { get; }
}

/// <summary>Adds "GFLOP/s" or "GB/s" to a summary: the benchmark's <see cref="IWorkload.WorkPerInvocation"/> divided
/// by its mean time. The workload is read from a fresh instance with the case's parameters applied.</summary>
public sealed class ThroughputColumn(string unit) : IColumn
{
    /// <inheritdoc />
    public string Id => $"{nameof(ThroughputColumn)}.{unit}";
    /// <inheritdoc />
    public string ColumnName => unit;
    /// <inheritdoc />
    public bool AlwaysShow => true;
    /// <inheritdoc />
    public ColumnCategory Category => ColumnCategory.Custom;
    /// <inheritdoc />
    public int PriorityInCategory => 0;
    /// <inheritdoc />
    public bool IsNumeric => true;
    /// <inheritdoc />
    public UnitType UnitType => UnitType.Dimensionless;
    /// <inheritdoc />
    public string Legend => $"{unit} achieved: work per invocation / mean time";

    /// <inheritdoc />
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    /// <inheritdoc />
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var report = summary[benchmarkCase];
        if (report?.ResultStatistics is not { } stats) return "-";
        var instance = (IWorkload)Activator.CreateInstance(benchmarkCase.Descriptor.Type)!;
        foreach (var p in benchmarkCase.Parameters.Items)
            benchmarkCase.Descriptor.Type.GetProperty(p.Name)?.SetValue(instance, p.Value);
        double seconds = stats.Mean * 1e-9;
        return (instance.WorkPerInvocation / seconds / 1e9).ToString("F1", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <inheritdoc />
    public bool IsAvailable(Summary summary) => true;
    /// <inheritdoc />
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}
