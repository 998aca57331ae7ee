using BenchmarkDotNet.Attributes;
using ClusterGcn.Engine.Kernels;
using ILGPU;
using ILGPU.Runtime;

namespace ClusterGcn.Engine.Bench.Kernels;

/// <summary>Memory-bound ops on a batch-sized activation (3,100 × 602 floats, 7.5 MB): ReLU, dropout, add, Adam,
/// and the fused log-softmax + NLL on 3,100 × 41 logits. Bytes = each float array read or written once.</summary>
[Config(typeof(BandwidthConfig))]
public class ElementwiseBenchmarks : IWorkload, IDisposable
{
    private const int Rows = 3100, Cols = 602, Classes = 41;
    private BackendUnderTest? backend;
    private DenseView x, y, z, w, logits;
    private MemoryBuffer1D<int, Stride1D.Dense>? labels, mask;
    private MemoryBuffer1D<float, Stride1D.Dense>? loss;

    /// <summary>"cpu" (SIMD), "ilgpu-cpu" or "cuda".</summary>
    [ParamsSource(typeof(BenchBackends), nameof(BenchBackends.Names))]
    public string Backend { get; set; } = "cpu";

    /// <summary>The op: relu, dropout, add, adam, nll.</summary>
    [Params("relu", "dropout", "add", "adam", "nll")]
    public string Op { get; set; } = "relu";

    /// <inheritdoc />
    public double WorkPerInvocation => Op switch
    {
        "relu" or "dropout" => 2.0 * 4 * Rows * Cols,   // read x, write y
        "add" => 3.0 * 4 * Rows * Cols,                 // read a, b, write y
        "adam" => 7.0 * 4 * Rows * Cols,                // read p, g, m, v; write p, m, v
        _ => 4.0 * Rows * Classes + 8.0 * Rows,         // read logits, labels and mask
    };

    /// <summary>Allocates seeded inputs; compiles the kernel outside the measurement.</summary>
    [GlobalSetup]
    public void Setup()
    {
        backend = new BackendUnderTest(Backend);
        (x, y, z, w) = (backend.Random(Rows, Cols, 1), backend.Zeros(Rows, Cols), backend.Random(Rows, Cols, 2), backend.Zeros(Rows, Cols));
        logits = backend.Random(Rows, Classes, 3);
        var accelerator = backend.Kernels.Accelerator;
        labels = DeviceBuffers.Upload<int>(accelerator, Enumerable.Range(0, Rows).Select(i => i % Classes).ToArray());
        mask = DeviceBuffers.Upload<int>(accelerator, Enumerable.Range(0, Rows).Select(i => i % 2).ToArray());
        loss = accelerator.Allocate1D<float>(2);
        Run();
    }

    /// <summary>One op, synchronised.</summary>
    [Benchmark]
    public void Run()
    {
        var k = backend!.Kernels;
        switch (Op)
        {
            case "relu": k.Relu(x.Data, y.Data); break;
            case "dropout": k.Dropout(x.Data, y.Data, 0.5f, 7); break;
            case "add": k.Add(x.Data, z.Data, y.Data); break;
            case "adam": k.AdamStep(y.Data, x.Data, z.Data, w.Data, new AdamStepSettings(0.005f, 0.9f, 0.999f, 1e-8f, 0f, 10)); break;
            default: k.LogSoftmaxNll(logits, labels!.View, mask!.View, loss!.View); break;
        }
        k.Synchronize();
    }

    /// <summary>Releases buffers and backend.</summary>
    [GlobalCleanup]
    public void Dispose()
    {
        labels?.Dispose();
        mask?.Dispose();
        loss?.Dispose();
        backend?.Dispose();
        GC.SuppressFinalize(this);
    }
}
