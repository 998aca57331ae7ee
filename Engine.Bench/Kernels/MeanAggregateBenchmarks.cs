using BenchmarkDotNet.Attributes;
using ClusterGcn.Engine.Kernels;
using ClusterGcn.Engine.Kernels.Sparse;
using ClusterGcn.Engine.Partitioning.Randomness;

namespace ClusterGcn.Engine.Bench.Kernels;

/// <summary>CSR mean aggregation and its backward (a gather over the transpose). Graphs: a Reddit-like Cluster-GCN
/// batch (3,100 rows, ~600K edges, ~194 per row as in Reddit) and 200K rows × 20 random neighbours.
/// Effective bytes = 4·(N + 1 + E) CSR + 4·E·F gathered + 4·N·F written.</summary>
[Config(typeof(BandwidthConfig))]
public class MeanAggregateBenchmarks : IWorkload, IDisposable
{
    private BackendUnderTest? backend;
    private DeviceCsr? graph;
    private DenseView x, y;

    /// <summary>"cpu" (SIMD), "ilgpu-cpu" or "cuda".</summary>
    [ParamsSource(typeof(BenchBackends), nameof(BenchBackends.Names))]
    public string Backend { get; set; } = "cpu";

    /// <summary>"rows degree": rows × degree random neighbours among the rows.</summary>
    [Params("3100 194", "200000 20")]
    public string Graph { get; set; } = "3100 194";

    /// <summary>Feature width: Reddit's input (602) or the hidden width (128).</summary>
    [Params(128, 602)]
    public int Features { get; set; } = 128;

    /// <summary>Whether the backward (transposed gather) is timed instead of the forward.</summary>
    [Params(false, true)]
    public bool Backward { get; set; }

    /// <inheritdoc />
    public double WorkPerInvocation
    {
        get
        {
            var (n, degree) = Parse();
            double e = (double)n * degree;
            return 4 * (n + 1 + e) + 4 * e * Features + 4.0 * n * Features;
        }
    }

    /// <summary>Builds the seeded graph and features; compiles the kernel outside the measurement.</summary>
    [GlobalSetup]
    public void Setup()
    {
        backend = new BackendUnderTest(Backend);
        var (n, degree) = Parse();
        var random = new SplitMix64(9);
        var rowPtr = new int[n + 1];
        var colIdx = new int[n * degree];
        for (int r = 0; r < n; r++)
        {
            rowPtr[r + 1] = (r + 1) * degree;
            for (int e = r * degree; e < (r + 1) * degree; e++) colIdx[e] = random.NextInt(n);
        }
        graph = DeviceCsr.Create(backend.Kernels.Accelerator, rowPtr, colIdx, n, withTranspose: Backward);
        x = backend.Random(n, Features, 1);
        y = backend.Zeros(n, Features);
        Aggregate();
    }

    /// <summary>One aggregation, synchronised.</summary>
    [Benchmark]
    public void Aggregate()
    {
        if (Backward) backend!.Kernels.MeanAggregateBackward(graph!, x, y);
        else backend!.Kernels.MeanAggregate(graph!, x, y);
        backend.Kernels.Synchronize();
    }

    /// <summary>Releases the graph and backend.</summary>
    [GlobalCleanup]
    public void Dispose()
    {
        graph?.Dispose();
        backend?.Dispose();
        GC.SuppressFinalize(this);
    }

    private (int Rows, int Degree) Parse()
    {
        string[] parts = Graph.Split(' ');
        return (int.Parse(parts[0]), int.Parse(parts[1]));
    }
}
