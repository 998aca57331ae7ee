using ClusterGcn.Engine.Tests.Support;

namespace ClusterGcn.Engine.Tests.Kernels;

public sealed class LogSoftmaxTests(string backend) : BackendFixture(backend)
{
    private const int Rows = 9;

    [Test]
    public void LogSoftmax_matches_float64_reference([Values(1, 31, 32, 33, 602)] int cols)
    {
        double[] logits = Reference.Float32(Reference.Uniform(Rows * cols, seed: 1, lo: -5, hi: 5));
        var logProbs = Device.Zeros(Rows, cols);

        Kernels.LogSoftmax(Device.Matrix(logits, Rows, cols), logProbs);

        GradCheck.AssertClose(Device.Download(logProbs), Reference.LogSoftmax(logits, Rows, cols), rtol: 1e-5, atol: 1e-5);
    }

    [Test]
    public void LogSoftmax_is_stable_for_huge_logits()
    {
        // exp(1000) overflows even float64; only the max-subtracted form gets finite answers.
        double[] logits = [1000, 999, 990, -1000, -1001, -1010, 0, 0, 0];
        var logProbs = Device.Zeros(3, 3);

        Kernels.LogSoftmax(Device.Matrix(logits, 3, 3), logProbs);

        GradCheck.AssertClose(Device.Download(logProbs), Reference.LogSoftmax(logits, 3, 3), rtol: 1e-5, atol: 1e-5);
    }

    [Test]
    public void Nll_matches_float64_reference_with_masked_rows_and_missing_labels([Values(1, 5, 33, 602)] int cols)
    {
        double[] logits = Reference.Float32(Reference.Uniform(Rows * cols, seed: 2, lo: -4, hi: 4));
        var (labels, mask) = LabelsAndMask(cols);
        var loss = Device.Vector([123.0, 456.0]); // overwritten, not added to

        Kernels.LogSoftmaxNll(Device.Matrix(logits, Rows, cols), Device.Ints(labels), Device.Ints(mask), loss);

        var (expectedLoss, counted) = Reference.LogSoftmaxNll(logits, Rows, cols, labels, mask);
        GradCheck.AssertClose(Device.Download(loss), [expectedLoss, counted], rtol: 1e-5, atol: 1e-6);
    }

    [Test]
    public void Nll_of_no_counted_rows_is_zero()
    {
        const int cols = 4;
        int[] labels = [0, -1, 2];
        int[] mask = [0, 1, 0]; // row 1 is masked in but has no label: nothing counts
        var loss = Device.Vector([123.0, 456.0]);

        Kernels.LogSoftmaxNll(Device.Matrix(Reference.Uniform(3 * cols, seed: 3), 3, cols), Device.Ints(labels), Device.Ints(mask), loss);

        Assert.That(Device.Download(loss), Is.EqualTo(new[] { 0f, 0f }));
    }

    [Test]
    public void Nll_of_an_empty_batch_is_zero()
    {
        // The public method has no "nothing to do" shortcut here: the kernel itself must write [0, 0].
        var loss = Device.Vector([123.0, 456.0]);

        Kernels.LogSoftmaxNll(Device.Zeros(0, 4), Device.Ints([]), Device.Ints([]), loss);

        Assert.That(Device.Download(loss), Is.EqualTo(new[] { 0f, 0f }));
    }

    /// <summary>loss = dLoss · mean NLL; dLoss ≠ 1 so that a backward ignoring it fails. Masked rows, a label −1 and
    /// a label C must all get exactly zero gradient (the finite differences there are 0).</summary>
    [Test]
    public void Nll_backward_matches_finite_differences([Values(1, 7, 33)] int cols)
    {
        const double dLoss = 0.7;
        double[] logits = Reference.Float32(Reference.Uniform(Rows * cols, seed: 4, lo: -3, hi: 3));
        var (labels, mask) = LabelsAndMask(cols);
        double[] expected = GradCheck.Numeric(v => dLoss * Reference.LogSoftmaxNll(v, Rows, cols, labels, mask).Loss, logits);
        var (loss, counted) = Reference.LogSoftmaxNll(logits, Rows, cols, labels, mask);
        var dLogits = Device.Zeros(Rows, cols);

        Kernels.LogSoftmaxNllBackward(Device.Matrix(logits, Rows, cols), Device.Ints(labels), Device.Ints(mask),
            Device.Vector([loss, counted]), Device.Vector([dLoss]), dLogits);

        GradCheck.AssertClose(Device.Download(dLogits), expected, rtol: 1e-4, atol: 1e-5);
    }

    [Test]
    public void Nll_backward_adds_into_existing_gradient()
    {
        const int cols = 5;
        double[] logits = Reference.Uniform(Rows * cols, seed: 5);
        var (labels, mask) = LabelsAndMask(cols);
        var (loss, counted) = Reference.LogSoftmaxNll(logits, Rows, cols, labels, mask);
        AssertBackwardAccumulates(Rows * cols, prefill =>
        {
            var dLogits = Device.Matrix(prefill, Rows, cols);
            Kernels.LogSoftmaxNllBackward(Device.Matrix(logits, Rows, cols), Device.Ints(labels), Device.Ints(mask),
                Device.Vector([loss, counted]), Device.Vector([1.0]), dLogits);
            return Device.Download(dLogits);
        });
    }

    /// <summary>Nine rows: 1 and 4 masked out, 2 labelled −1 (unlabelled), 6 labelled C (out of range, so it must
    /// not count: a kernel that only checks label ≥ 0 would read the next row's logit); the other five count.</summary>
    private static (int[] Labels, int[] Mask) LabelsAndMask(int cols)
    {
        int[] labels = [0, 1 % cols, -1, (cols - 1), 2 % cols, 3 % cols, cols, (cols / 2), 1 % cols];
        int[] mask = [1, 0, 1, 1, 0, 1, 1, 7, 1]; // any non-zero counts, not only 1
        return (labels, mask);
    }
}
