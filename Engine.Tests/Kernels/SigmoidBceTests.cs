using ClusterGcn.Engine.Tests.Support;

namespace ClusterGcn.Engine.Tests.Kernels;

public sealed class SigmoidBceTests(string backend) : BackendFixture(backend)
{
    private const int Rows = 7;
    private static readonly int[] Mask = [1, 0, 1, 1, 0, 3, 1]; // rows 1 and 4 masked out

    [Test]
    public void Loss_matches_float64_reference_with_masked_rows([Values(1, 31, 32, 33, 602)] int cols)
    {
        double[] logits = Reference.Float32(Reference.Uniform(Rows * cols, seed: 1, lo: -4, hi: 4));
        double[] targets = Targets(cols, seed: 2);
        var loss = Device.Vector([123.0, 456.0]);

        Kernels.SigmoidBce(Device.Matrix(logits, Rows, cols), Device.Matrix(targets, Rows, cols), Device.Ints(Mask), loss);

        var (expectedLoss, counted) = Reference.SigmoidBce(logits, targets, Rows, cols, Mask);
        GradCheck.AssertClose(Device.Download(loss), [expectedLoss, counted], rtol: 1e-5, atol: 1e-6);
    }

    [Test]
    public void Loss_is_stable_for_huge_logits()
    {
        // σ(±100) rounds to 0 or 1 in float, so log σ would be −∞; the log-sigmoid form gives 100 and 0 instead.
        double[] logits = [100, -100, 100, -100, 30, -30];
        double[] targets = [0, 1, 1, 0, 0.5, 0.5];
        var loss = Device.Vector([0.0, 0.0]);

        Kernels.SigmoidBce(Device.Matrix(logits, 3, 2), Device.Matrix(targets, 3, 2), Device.Ints([1, 1, 1]), loss);

        var (expectedLoss, counted) = Reference.SigmoidBce(logits, targets, 3, 2, [1, 1, 1]);
        GradCheck.AssertClose(Device.Download(loss), [expectedLoss, counted], rtol: 1e-5, atol: 1e-6);
    }

    [Test]
    public void Loss_of_no_counted_rows_is_zero()
    {
        var loss = Device.Vector([123.0, 456.0]);

        Kernels.SigmoidBce(Device.Matrix(Reference.Uniform(6, seed: 3), 2, 3), Device.Matrix(Targets(3, seed: 4)[..6], 2, 3),
            Device.Ints([0, 0]), loss);

        Assert.That(Device.Download(loss), Is.EqualTo(new[] { 0f, 0f }));
    }

    [Test]
    public void Loss_of_an_empty_batch_is_zero()
    {
        var loss = Device.Vector([123.0, 456.0]);

        Kernels.SigmoidBce(Device.Zeros(0, 3), Device.Zeros(0, 3), Device.Ints([]), loss);

        Assert.That(Device.Download(loss), Is.EqualTo(new[] { 0f, 0f }));
    }

    [Test]
    public void Backward_matches_finite_differences([Values(1, 7, 33)] int cols)
    {
        const double dLoss = 1.3; // not 1, so that a backward ignoring dLoss fails
        double[] logits = Reference.Float32(Reference.Uniform(Rows * cols, seed: 5, lo: -4, hi: 4));
        double[] targets = Targets(cols, seed: 6);
        double[] expected = GradCheck.Numeric(v => dLoss * Reference.SigmoidBce(v, targets, Rows, cols, Mask).Loss, logits);
        var (loss, counted) = Reference.SigmoidBce(logits, targets, Rows, cols, Mask);
        var dLogits = Device.Zeros(Rows, cols);

        Kernels.SigmoidBceBackward(Device.Matrix(logits, Rows, cols), Device.Matrix(targets, Rows, cols), Device.Ints(Mask),
            Device.Vector([loss, counted]), Device.Vector([dLoss]), dLogits);

        GradCheck.AssertClose(Device.Download(dLogits), expected, rtol: 1e-4, atol: 1e-5);
    }

    [Test]
    public void Backward_adds_into_existing_gradient()
    {
        const int cols = 5;
        double[] logits = Reference.Uniform(Rows * cols, seed: 7);
        double[] targets = Targets(cols, seed: 8);
        var (loss, counted) = Reference.SigmoidBce(logits, targets, Rows, cols, Mask);
        AssertBackwardAccumulates(Rows * cols, prefill =>
        {
            var dLogits = Device.Matrix(prefill, Rows, cols);
            Kernels.SigmoidBceBackward(Device.Matrix(logits, Rows, cols), Device.Matrix(targets, Rows, cols), Device.Ints(Mask),
                Device.Vector([loss, counted]), Device.Vector([1.0]), dLogits);
            return Device.Download(dLogits);
        });
    }

    /// <summary>Mostly 0/1 multi-label targets, with every fifth a soft 0.3 (the loss is defined for targets in [0, 1]).</summary>
    private static double[] Targets(int cols, ulong seed)
    {
        double[] u = Reference.Uniform(Rows * cols, seed, lo: 0, hi: 1);
        for (int i = 0; i < u.Length; i++) u[i] = i % 5 == 4 ? 0.3 : u[i] < 0.4 ? 1 : 0;
        return u;
    }
}
