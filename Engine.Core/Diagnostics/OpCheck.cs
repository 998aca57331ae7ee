using System.Diagnostics;
using ClusterGcn.Engine.Kernels;
using ClusterGcn.Engine.Kernels.Sparse;
using ClusterGcn.Engine.Partitioning.Randomness;
using ILGPU;
using ILGPU.Runtime;

namespace ClusterGcn.Engine.Core.Diagnostics;

/// <summary>Runs every op of <see cref="KernelBackend"/> on a candidate backend and on a reference backend with
/// identical seeded inputs, and reports the error and time of each: the check behind <c>cgcn doctor</c>.</summary>
/// <remarks>Shapes are those of a Cluster-GCN step on Reddit (a ~1,000-row batch, 602 input features, 128 hidden,
/// 41 classes) scaled by <c>scale</c>, so the timings mean something and the check still runs in seconds.</remarks>
public static class OpCheck
{
    private const double FloatTolerance = 1e-4;

    /// <summary>Compares <paramref name="candidate"/> against <paramref name="reference"/> on every op.</summary>
    /// <param name="reference">The trusted backend (the SIMD CPU backend).</param>
    /// <param name="candidate">The backend under test; may be the reference itself, which measures it alone.</param>
    /// <param name="scale">Multiplies the row counts; 1 is the full size, tests use small fractions.</param>
    public static IReadOnlyList<OpCheckResult> Compare(KernelBackend reference, KernelBackend candidate, double scale = 1.0)
    {
        if (!(scale > 0 && scale <= 1)) throw new ArgumentOutOfRangeException(nameof(scale), $"scale must be in (0, 1] (got {scale}).");
        var shapes = new Shapes(scale);
        var results = new List<OpCheckResult>();
        using var onReference = new Workspace(reference, shapes);
        using var onCandidate = ReferenceEquals(reference, candidate) ? null : new Workspace(candidate, shapes);
        foreach (var (name, tolerance, run) in Cases(shapes))
        {
            var (expected, referenceTime) = run(onReference);
            var (actual, candidateTime) = onCandidate is null ? (expected, referenceTime) : run(onCandidate);
            results.Add(new OpCheckResult(name, MaxRelativeError(actual, expected), tolerance, candidateTime.Milliseconds, referenceTime.Milliseconds)
            {
                CpuMilliseconds = candidateTime.CpuMilliseconds,
                ReferenceCpuMilliseconds = referenceTime.CpuMilliseconds,
            });
        }
        return results;
    }

    private static IEnumerable<(string Name, double Tolerance, Func<Workspace, (float[] Output, OpTiming Time)> Run)> Cases(Shapes s)
    {
        int b = s.BatchRows, f = s.Features, h = s.Hidden, c = s.Classes;
        yield return ($"matmul AB {b}x{f}x{h}", FloatTolerance, w => w.MatMul(MatMulForm.AB, w.X, w.W1, b, h));
        yield return ($"matmul ABt {b}x{h}x{f}", FloatTolerance, w => w.MatMul(MatMulForm.ABt, w.Hid, w.W1, b, f));
        yield return ($"matmul AtB {f}x{b}x{h}", FloatTolerance, w => w.MatMul(MatMulForm.AtB, w.X, w.Hid, f, h));
        yield return ($"add bias {b}x{h}", FloatTolerance, w => w.Run(w.Hid, (k, y) => k.AddBias(y, w.Bias.Data)));
        yield return ($"bias backward {b}x{h}", FloatTolerance, w => w.RunVector(h, (k, y) => k.BiasBackward(w.Hid, y)));
        yield return ($"add {b}x{h}", FloatTolerance, w => w.Run(w.Hid, (k, y) => k.Add(w.Hid2.Data, w.Hid.Data, y.Data)));
        yield return ($"axpy {b}x{h}", FloatTolerance, w => w.Run(w.Hid, (k, y) => k.Axpy(0.5f, w.Hid2.Data, y.Data)));
        yield return ($"mean aggregate {s.GraphRows}x{h}", FloatTolerance,
            w => w.RunNew(s.GraphRows, h, (k, y) => k.MeanAggregate(w.Graph, w.NodeHid, y)));
        yield return ($"mean aggregate backward {s.GraphRows}x{h}", FloatTolerance,
            w => w.RunNew(s.GraphRows, h, (k, y) => k.MeanAggregateBackward(w.Graph, w.NodeHid, y)));
        yield return ($"spmm {s.GraphRows}x{h}", FloatTolerance, w => w.RunNew(s.GraphRows, h, (k, y) => k.Spmm(w.Graph, w.NodeHid, y)));
        yield return ($"spmm backward {s.GraphRows}x{h}", FloatTolerance,
            w => w.RunNew(s.GraphRows, h, (k, y) => k.SpmmBackward(w.Graph, w.NodeHid, y)));
        yield return ($"relu {b}x{f}", 0, w => w.RunNew(b, f, (k, y) => k.Relu(w.X.Data, y.Data)));
        yield return ($"relu backward {b}x{f}", 0, w => w.Run(w.X, (k, y) => k.ReluBackward(w.X2.Data, w.X3.Data, y.Data)));
        yield return ($"dropout {b}x{f}", 0, w => w.RunNew(b, f, (k, y) => k.Dropout(w.X.Data, y.Data, 0.5f, 42)));
        yield return ($"dropout backward {b}x{f}", 0, w => w.Run(w.X, (k, y) => k.DropoutBackward(w.X2.Data, y.Data, 0.5f, 42)));
        yield return ($"gather rows {b}x{f}", 0, w => w.RunNew(b, f, (k, y) => k.GatherRows(w.Features, w.Batch, y)));
        yield return ($"scatter add rows {b}x{f}", FloatTolerance, w => w.Run(w.Features, (k, y) => k.ScatterAddRows(w.X, w.Batch, y)));
        yield return ($"log-softmax {b}x{c}", FloatTolerance, w => w.RunNew(b, c, (k, y) => k.LogSoftmax(w.Logits, y)));
        yield return ($"log-softmax + nll {b}x{c}", FloatTolerance,
            w => w.RunVector(2, (k, y) => k.LogSoftmaxNll(w.Logits, w.Labels.View, w.Mask.View, y)));
        yield return ($"log-softmax + nll backward {b}x{c}", FloatTolerance, w => w.Run(w.Logits2, (k, y) =>
        {
            k.LogSoftmaxNll(w.Logits, w.Labels.View, w.Mask.View, w.Loss.View);
            k.LogSoftmaxNllBackward(w.Logits, w.Labels.View, w.Mask.View, w.Loss.View, w.One.View, y);
        }));
        yield return ($"sigmoid + bce {b}x{c}", FloatTolerance,
            w => w.RunVector(2, (k, y) => k.SigmoidBce(w.Logits, w.Targets, w.Mask.View, y)));
        yield return ($"sigmoid + bce backward {b}x{c}", FloatTolerance, w => w.Run(w.Logits2, (k, y) =>
        {
            k.SigmoidBce(w.Logits, w.Targets, w.Mask.View, w.Loss.View);
            k.SigmoidBceBackward(w.Logits, w.Targets, w.Mask.View, w.Loss.View, w.One.View, y);
        }));
        yield return ($"argmax {b}x{c}", 0, w => w.RunInts(b, (k, y) => k.Argmax(w.Logits, y)));
        yield return ($"count correct {b}x{c}", 0, w => w.RunInts(2, (k, y) => k.CountCorrect(w.Logits, w.Labels.View, w.Mask.View, y)));
        yield return ($"multi-label counts {b}x{c}", 0,
            w => w.RunInts(3, (k, y) => k.MultiLabelCounts(w.Logits, w.Targets, w.Mask.View, y)));
        yield return ($"sum {b}x{f}", FloatTolerance, w => w.RunVector(1, (k, y) => k.Sum(w.X.Data, y)));
        yield return ($"adam step {f}x{h}", FloatTolerance, w => w.AdamStep(new AdamStepSettings(0.005f, 0.9f, 0.999f, 1e-8f, 5e-4f, 3)));
    }

    private static double MaxRelativeError(float[] actual, float[] expected)
    {
        if (actual.Length != expected.Length) return double.PositiveInfinity;
        double maxDiff = 0, maxRef = 1;
        for (int i = 0; i < actual.Length; i++)
        {
            double diff = Math.Abs((double)actual[i] - expected[i]);
            if (double.IsNaN(diff)) return double.NaN;
            maxDiff = Math.Max(maxDiff, diff);
            maxRef = Math.Max(maxRef, Math.Abs((double)expected[i]));
        }
        return maxDiff / maxRef;
    }

    /// <summary>An op's best wall time and best process CPU time over the timed runs.</summary>
    private readonly record struct OpTiming(double Milliseconds, double CpuMilliseconds);

    private sealed record Shapes(int BatchRows, int Features, int Hidden, int Classes, int GraphRows, int AverageDegree)
    {
        public Shapes(double scale)
            : this(Math.Max(8, (int)(1024 * scale)), 602, 128, 41, Math.Max(16, (int)(20_000 * scale)), 20)
        {
        }
    }

    /// <summary>The seeded inputs of every case, on one backend's accelerator, plus the runners that time an op
    /// and read its output back.</summary>
    private sealed class Workspace : IDisposable
    {
        private readonly KernelBackend kernels;
        private readonly List<IDisposable> owned = [];
        private ulong nextSeed = 1;

        public Workspace(KernelBackend kernels, Shapes s)
        {
            this.kernels = kernels;
            int b = s.BatchRows, f = s.Features, h = s.Hidden, c = s.Classes;
            X = Dense(b, f); X2 = Dense(b, f); X3 = Dense(b, f);
            W1 = Dense(f, h); W1Grad = Dense(f, h); Moment1 = Dense(f, h);
            Moment2 = Upload(Uniform(f * h, nextSeed++, 0, 1), f, h); // second moments are never negative
            Hid = Dense(b, h); Hid2 = Dense(b, h); Bias = Dense(1, h);
            Features = Dense(2 * b, f);
            NodeHid = Dense(s.GraphRows, h);
            Logits = Dense(b, c, scaleBy: 4); Logits2 = Dense(b, c);
            Targets = Upload(Uniform(b * c, nextSeed++, 0, 1).Select(t => t > 0.7f ? 1f : 0f).ToArray(), b, c);
            var random = new SplitMix64(7);
            Labels = Own(DeviceBuffers.Upload<int>(kernels.Accelerator, Enumerable.Range(0, b).Select(i => i % 13 == 0 ? -1 : random.NextInt(c)).ToArray()));
            Mask = Own(DeviceBuffers.Upload<int>(kernels.Accelerator, Enumerable.Range(0, b).Select(i => i % 3 == 0 ? 0 : 1).ToArray()));
            Loss = Own(kernels.Accelerator.Allocate1D<float>(2));
            One = Own(DeviceBuffers.Upload<float>(kernels.Accelerator, [1f]));
            Batch = Own(DeviceIndex.Create(kernels.Accelerator, new SplitMix64(11).Permutation(2 * b).AsSpan(0, b), 2 * b, "batch"));
            Graph = Own(RandomGraph(kernels.Accelerator, s.GraphRows, s.AverageDegree));
        }

        public DenseView X { get; }
        public DenseView X2 { get; }
        public DenseView X3 { get; }
        public DenseView W1 { get; }
        public DenseView W1Grad { get; }
        public DenseView Moment1 { get; }
        public DenseView Moment2 { get; }
        public DenseView Hid { get; }
        public DenseView Hid2 { get; }
        public DenseView Bias { get; }
        public DenseView Features { get; }
        public DenseView NodeHid { get; }
        public DenseView Logits { get; }
        public DenseView Logits2 { get; }
        public DenseView Targets { get; }
        public MemoryBuffer1D<int, Stride1D.Dense> Labels { get; }
        public MemoryBuffer1D<int, Stride1D.Dense> Mask { get; }
        public MemoryBuffer1D<float, Stride1D.Dense> Loss { get; }
        public MemoryBuffer1D<float, Stride1D.Dense> One { get; }
        public DeviceIndex Batch { get; }
        public DeviceCsr Graph { get; }

        public (float[], OpTiming) MatMul(MatMulForm form, DenseView a, DenseView b, int rows, int cols) =>
            RunNew(rows, cols, (k, y) => k.MatMul(form, a, b, y, accumulate: false));

        /// <summary>Times an op that writes a fresh rows × cols matrix.</summary>
        public (float[], OpTiming) RunNew(int rows, int cols, Action<KernelBackend, DenseView> op)
        {
            var output = new DenseView(Own(Zeros((long)rows * cols)).View.SubView(0, (long)rows * cols), rows, cols);
            return Timed(() => output.Data.MemSetToZero(), () => op(kernels, output), () => DeviceBuffers.ToHost(output.Data));
        }

        /// <summary>Times an op that updates a copy of <paramref name="start"/> in place (bias add, backward accumulation).</summary>
        public (float[], OpTiming) Run(DenseView start, Action<KernelBackend, DenseView> op)
        {
            var output = new DenseView(Own(Zeros(start.Length)).View.SubView(0, start.Length), start.Rows, start.Cols);
            return Timed(() => output.Data.CopyFrom(start.Data), () => op(kernels, output), () => DeviceBuffers.ToHost(output.Data));
        }

        /// <summary>Times one Adam step of a copy of W1 and of both moments, all reset before each run: the step
        /// updates the moments in place, so reusing them would make the result depend on the number of runs.</summary>
        public (float[], OpTiming) AdamStep(AdamStepSettings settings)
        {
            ArrayView<float> param = Own(Zeros(W1.Length)).View, m = Own(Zeros(W1.Length)).View, v = Own(Zeros(W1.Length)).View;
            return Timed(() =>
            {
                param.CopyFrom(W1.Data);
                m.CopyFrom(Moment1.Data);
                v.CopyFrom(Moment2.Data);
            }, () => kernels.AdamStep(param, W1Grad.Data, m, v, settings), () => DeviceBuffers.ToHost(param));
        }

        public (float[], OpTiming) RunVector(int length, Action<KernelBackend, ArrayView<float>> op) =>
            RunNew(1, length, (k, y) => op(k, y.Data));

        public (float[], OpTiming) RunInts(int length, Action<KernelBackend, ArrayView<int>> op)
        {
            var output = Own(kernels.Accelerator.Allocate1D<int>(length)).View;
            return Timed(() => output.MemSetToZero(), () => op(kernels, output),
                () => Array.ConvertAll(DeviceBuffers.ToHost<int>(output), v => (float)v));
        }

        public void Dispose()
        {
            foreach (var item in owned) item.Dispose();
        }

        // One warm-up run (kernel compilation, page faults), then the best of at least MinRuns, repeated up to MaxRuns
        // while the whole loop has taken less than MinLoopMilliseconds: an op of a few microseconds is timed over
        // enough runs that a busy machine's preemptions rarely hit every one (the best of three often included one).
        // The process CPU time is kept too (the best run of its own): on a shared machine it does not grow while the
        // op's threads wait for a core, so it compares CPU backends where wall time cannot. Each run starts from the
        // same state, reset outside the timed region, so the output read at the end is that of exactly one application.
        private (float[], OpTiming) Timed(Action reset, Action op, Func<float[]> read)
        {
            const int MinRuns = 5, MaxRuns = 100;
            const double MinLoopMilliseconds = 20;
            double best = double.MaxValue, bestCpu = double.MaxValue;
            long loopStart = Stopwatch.GetTimestamp();
            for (int run = 0; run <= MinRuns || (run <= MaxRuns && Stopwatch.GetElapsedTime(loopStart).TotalMilliseconds < MinLoopMilliseconds); run++)
            {
                reset();
                kernels.Synchronize();
                double cpuStart = ProcessCpuTime.Milliseconds();
                long start = Stopwatch.GetTimestamp();
                op();
                kernels.Synchronize();
                if (run == 0) continue;
                best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                bestCpu = Math.Min(bestCpu, ProcessCpuTime.Milliseconds() - cpuStart);
            }
            return (read(), new OpTiming(best, bestCpu));
        }

        private MemoryBuffer1D<float, Stride1D.Dense> Zeros(long length)
        {
            var buffer = kernels.Accelerator.Allocate1D<float>(Math.Max(length, 1));
            buffer.MemSetToZero();
            return buffer;
        }

        private DenseView Dense(int rows, int cols, float scaleBy = 1) =>
            Upload(Uniform(rows * cols, nextSeed++, -scaleBy, scaleBy), rows, cols);

        private DenseView Upload(float[] data, int rows, int cols) =>
            new(Own(DeviceBuffers.Upload<float>(kernels.Accelerator, data)).View.SubView(0, data.Length), rows, cols);

        private T Own<T>(T item) where T : IDisposable
        {
            owned.Add(item);
            return item;
        }

        private static float[] Uniform(int n, ulong seed, float lo, float hi)
        {
            var data = new float[n];
            for (int i = 0; i < n; i++) data[i] = lo + (hi - lo) * SplitMix64.UniformAt(seed, i);
            return data;
        }

        // Power-law-ish degrees (a few hubs, some empty rows) with weights, as in a GCN-normalised batch.
        private static DeviceCsr RandomGraph(Accelerator accelerator, int n, int averageDegree)
        {
            var random = new SplitMix64(3);
            var rowPtr = new int[n + 1];
            var cols = new List<int>(n * averageDegree);
            for (int r = 0; r < n; r++)
            {
                int degree = r % 17 == 0 ? 0 : (int)Math.Min(n, averageDegree / 2 / Math.Max(random.NextDouble(), 0.02));
                for (int e = 0; e < degree; e++) cols.Add(random.NextInt(n));
                rowPtr[r + 1] = cols.Count;
            }
            var values = Uniform(cols.Count, 5, 0, 1);
            return DeviceCsr.Create(accelerator, rowPtr, cols.ToArray(), n, values, withTranspose: true, operand: "doctor graph");
        }
    }
}
