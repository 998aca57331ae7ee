using BenchmarkDotNet.Attributes;
using ClusterGcn.Engine.Kernels;

namespace ClusterGcn.Engine.Bench.Kernels;

/// <summary>Dense products at Cluster-GCN shapes: a batch of ~3,100 nodes (20 of 1,500 Reddit clusters), 602 input
/// features, 128 or 256 hidden, 41 classes; each forward X·W with its backward forms dY·Wᵀ and Xᵀ·dY.
/// Work = 2·m·k·n flops.</summary>
[Config(typeof(FlopsConfig))]
public class MatMulBenchmarks : IWorkload, IDisposable
{
    private BackendUnderTest? backend;
    private DenseView a, b, c;

    /// <summary>"cpu" (SIMD), "ilgpu-cpu" or "cuda".</summary>
    [ParamsSource(typeof(BenchBackends), nameof(BenchBackends.Names))]
    public string Backend { get; set; } = "cpu";

    /// <summary>"form m k n": the product C[m×n] = op(A)·op(B) with inner size k.</summary>
    [Params("AB 1024 602 128", "AB 3100 602 256", "AB 3100 128 41", "ABt 3100 256 602", "AtB 602 3100 256", "ABt 3100 41 128", "AtB 128 3100 41")]
    public string Shape { get; set; } = "AB 1024 602 128";

    /// <inheritdoc />
    public double WorkPerInvocation
    {
        get
        {
            var (_, m, k, n) = Parse();
            return 2.0 * m * k * n;
        }
    }

    /// <summary>Allocates seeded operands and compiles the kernel outside the measurement.</summary>
    [GlobalSetup]
    public void Setup()
    {
        backend = new BackendUnderTest(Backend);
        var (form, m, k, n) = Parse();
        (a, b) = form switch
        {
            MatMulForm.AB => (backend.Random(m, k, 1), backend.Random(k, n, 2)),
            MatMulForm.ABt => (backend.Random(m, k, 1), backend.Random(n, k, 2)),
            _ => (backend.Random(k, m, 1), backend.Random(k, n, 2)),
        };
        c = backend.Zeros(m, n);
        MatMul();
    }

    /// <summary>One product, synchronised (GPU launches are asynchronous: time the work, not the enqueue).</summary>
    [Benchmark]
    public void MatMul()
    {
        backend!.Kernels.MatMul(Parse().Form, a, b, c, accumulate: false);
        backend.Kernels.Synchronize();
    }

    /// <summary>Releases the backend.</summary>
    [GlobalCleanup]
    public void Dispose()
    {
        backend?.Dispose();
        GC.SuppressFinalize(this);
    }

    private (MatMulForm Form, int M, int K, int N) Parse()
    {
        string[] parts = Shape.Split(' ');
        return (Enum.Parse<MatMulForm>(parts[0]), int.Parse(parts[1]), int.Parse(parts[2]), int.Parse(parts[3]));
    }
}
