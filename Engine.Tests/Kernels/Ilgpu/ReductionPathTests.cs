using ClusterGcn.Engine.Kernels;
using ClusterGcn.Engine.Kernels.Ilgpu;
using ClusterGcn.Engine.Tests.Support;
using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;

namespace ClusterGcn.Engine.Tests.Kernels.Ilgpu;

/// <summary>The two ways a reduction ends: a launch of one thread per core finishes in place (its last thread sums
/// the partials), a wide launch as on GPUs shrinks them in further passes. The wide path runs here on a CPU
/// accelerator with one group of 256 threads; both must agree with float64 and give the same bits on every run.</summary>
public sealed class ReductionPathTests
{
    private const int Rows = 300, Cols = 33;

    private Context? wideContext;
    private Accelerator? wideAccelerator;
    private IlgpuBackend? wide;
    private TestBackend? narrow;

    /// <summary>The narrow backend is the ilgpu-cpu device of every other test; the wide one has 256 threads, so its
    /// reductions take two passes (256 partials → 8 → 1).</summary>
    [OneTimeSetUp]
    public void OpenBackends()
    {
        narrow = TestBackend.Open("ilgpu-cpu");
        wideContext = Context.Create(builder => builder.CPU(new CPUDevice(16, 16, 1)));
        wideAccelerator = wideContext.GetCPUDevice(0).CreateCPUAccelerator(wideContext, CPUAcceleratorMode.Parallel);
        wide = new IlgpuBackend(wideAccelerator);
    }

    /// <summary>Disposes both backends.</summary>
    [OneTimeTearDown]
    public void CloseBackends()
    {
        wide?.Dispose();
        wideAccelerator?.Dispose();
        wideContext?.Dispose();
        narrow?.Dispose();
    }

    [Test]
    public void Both_paths_match_float64_and_repeat_bit_for_bit()
    {
        double[] logits = Reference.Float32(Reference.Uniform(Rows * Cols, seed: 1, lo: -4, hi: 4));
        double[] targets = Reference.Uniform(Rows * Cols, seed: 2, lo: 0, hi: 1).Select(t => t > 0.6 ? 1.0 : 0.0).ToArray();
        int[] labels = [.. Enumerable.Range(0, Rows).Select(i => i % 11 == 0 ? -1 : i * 7 % Cols)];
        int[] mask = [.. Enumerable.Range(0, Rows).Select(i => i % 4 == 0 ? 0 : 1)];
        var (nll, nllRows) = Reference.LogSoftmaxNll(logits, Rows, Cols, labels, mask);
        var (bce, bceRows) = Reference.SigmoidBce(logits, targets, Rows, Cols, mask);
        var (correct, counted) = Reference.CountCorrect(logits, Rows, Cols, labels, mask);
        var (tp, fp, fn) = Reference.MultiLabelCounts(logits, targets, Rows, Cols, mask);
        double[] expected = [Reference.Sum(logits), nll, nllRows, bce, bceRows, correct, counted, tp, fp, fn];

        foreach (var (name, run) in new (string, Func<float[]>)[]
                 {
                     ("in-launch", () => RunAll(narrow!.Kernels, logits, targets, labels, mask)),
                     ("multi-pass", () => RunAll(wide!, logits, targets, labels, mask)),
                 })
        {
            float[] first = run(), second = run();
            GradCheck.AssertClose(first, expected, rtol: 1e-5, atol: 1e-4, what: name);
            Assert.That(second, Is.EqualTo(first), $"{name}: a second run differs");
        }
    }

    // Sum, log-softmax + NLL, sigmoid + BCE, count correct, multi-label counts: every op that ends in a reduction.
    private static float[] RunAll(KernelBackend kernels, double[] logits, double[] targets, int[] labels, int[] mask)
    {
        var accelerator = kernels.Accelerator;
        using var x = DeviceBuffers.Upload<float>(accelerator, Array.ConvertAll(logits, v => (float)v));
        using var t = DeviceBuffers.Upload<float>(accelerator, Array.ConvertAll(targets, v => (float)v));
        using var l = DeviceBuffers.Upload<int>(accelerator, labels);
        using var m = DeviceBuffers.Upload<int>(accelerator, mask);
        using var floats = accelerator.Allocate1D<float>(5);
        using var ints = accelerator.Allocate1D<int>(5);
        DenseView xs = new(x.View, Rows, Cols), ts = new(t.View, Rows, Cols);

        kernels.Sum(x.View, floats.View.SubView(0, 1));
        kernels.LogSoftmaxNll(xs, l.View, m.View, floats.View.SubView(1, 2));
        kernels.SigmoidBce(xs, ts, m.View, floats.View.SubView(3, 2));
        kernels.CountCorrect(xs, l.View, m.View, ints.View.SubView(0, 2));
        kernels.MultiLabelCounts(xs, ts, m.View, ints.View.SubView(2, 3));
        kernels.Synchronize();
        return [.. DeviceBuffers.ToHost<float>(floats.View), .. Array.ConvertAll(DeviceBuffers.ToHost<int>(ints.View), v => (float)v)];
    }
}
