using ClusterGcn.Engine.Tests.Support;

namespace ClusterGcn.Engine.Tests.Kernels;

public sealed class MetricsTests(string backend) : BackendFixture(backend)
{
    private const int Rows = 9;

    [Test]
    public void Argmax_matches_float64_reference([Values(1, 31, 32, 33, 602)] int cols)
    {
        double[] x = Reference.Float32(Reference.Uniform(Rows * cols, seed: 1));
        var result = Device.Ints(new int[Rows]);

        Kernels.Argmax(Device.Matrix(x, Rows, cols), result);

        Assert.That(Device.Download(result), Is.EqualTo(Reference.Argmax(x, Rows, cols)));
    }

    [Test]
    public void Argmax_ties_pick_the_first_column([Values(2, 31, 32, 33, 602)] int cols)
    {
        // Row i holds its maximum (2) twice, at columns first[i] < second[i]; the pairs straddle 8-, 16- and 32-wide
        // lanes, where a vectorised or tree reduction is tempted to keep the later one. The last row is all equal.
        int[] first = [0, 0, 1, 7, 15, 16, 3, 30];
        int[] second = [1, 16, 31, 8, 16, 32, 600, 31];
        double[] x = Reference.Float32(Reference.Uniform(Rows * cols, seed: 2));
        var expected = new int[Rows];
        for (int i = 0; i < Rows - 1; i++)
        {
            int a = Math.Min(first[i], cols - 2), b = Math.Max(a + 1, Math.Min(second[i], cols - 1));
            x[i * cols + a] = x[i * cols + b] = 2;
            expected[i] = a;
        }
        Array.Fill(x, 0.25, (Rows - 1) * cols, cols);
        expected[Rows - 1] = 0;
        var result = Device.Ints(new int[Rows]);

        Kernels.Argmax(Device.Matrix(x, Rows, cols), result);

        Assert.That(Device.Download(result), Is.EqualTo(expected));
    }

    [Test]
    public void CountCorrect_counts_masked_in_labelled_rows_only([Values(1, 5, 33, 602)] int cols)
    {
        double[] logits = Reference.Float32(Reference.Uniform(Rows * cols, seed: 3));
        int[] predicted = Reference.Argmax(logits, Rows, cols);
        // Half the labels copy the prediction, so both outcomes occur; row 2 is unlabelled, row 6 labelled out of range.
        int[] labels = [.. Enumerable.Range(0, Rows).Select(i => i % 2 == 0 ? predicted[i] : (predicted[i] + 1) % cols)];
        labels[2] = -1;
        labels[6] = cols;
        int[] mask = [1, 1, 1, 0, 1, 0, 1, 2, 1];
        var counts = Device.Ints([77, 77]);

        Kernels.CountCorrect(Device.Matrix(logits, Rows, cols), Device.Ints(labels), Device.Ints(mask), counts);

        var (correct, counted) = Reference.CountCorrect(logits, Rows, cols, labels, mask);
        Assert.That(Device.Download(counts), Is.EqualTo(new[] { correct, counted }));
    }

    [Test]
    public void MultiLabelCounts_match_the_reference([Values(1, 31, 33, 602)] int cols)
    {
        double[] logits = Reference.Float32(Reference.Uniform(Rows * cols, seed: 4));
        double[] targets = Reference.Uniform(Rows * cols, seed: 5, lo: 0, hi: 1);
        // The thresholds themselves: a logit of exactly 0 predicts negative, a target of exactly 0.5 is negative.
        logits[0] = 0;
        targets[0] = 0.5;
        if (cols > 1) (logits[1], targets[1]) = (1e-3, 0.5);
        int[] mask = [1, 0, 1, 1, 1, 0, 1, 1, 4];
        var counts = Device.Ints([77, 77, 77]);

        Kernels.MultiLabelCounts(Device.Matrix(logits, Rows, cols), Device.Matrix(targets, Rows, cols), Device.Ints(mask), counts);

        var (tp, fp, fn) = Reference.MultiLabelCounts(logits, targets, Rows, cols, mask);
        Assert.That(Device.Download(counts), Is.EqualTo(new[] { tp, fp, fn }));
    }

    [Test]
    public void Counts_of_an_empty_batch_are_zero()
    {
        // Both count ops reach their kernels even with no rows; stale counts must not survive.
        var correct = Device.Ints([77, 77]);
        var confusion = Device.Ints([77, 77, 77]);

        Kernels.CountCorrect(Device.Zeros(0, 4), Device.Ints([]), Device.Ints([]), correct);
        Kernels.MultiLabelCounts(Device.Zeros(0, 4), Device.Zeros(0, 4), Device.Ints([]), confusion);

        Assert.That(Device.Download(correct), Is.EqualTo(new[] { 0, 0 }));
        Assert.That(Device.Download(confusion), Is.EqualTo(new[] { 0, 0, 0 }));
    }

    [Test]
    public void Sum_matches_float64_reference([Values(0, 1, 31, 1000, 100_003)] int length)
    {
        double[] x = Reference.Float32(Reference.Uniform(length, seed: 6));
        var result = Device.Vector([123.0]); // overwritten: an empty input sums to 0

        Kernels.Sum(Device.Vector(x), result);

        // Float summation error grows with the magnitudes summed, whatever the order: scale atol by Σ|x|.
        double scale = x.Sum(Math.Abs);
        GradCheck.AssertClose(Device.Download(result), [Reference.Sum(x)], rtol: 1e-6, atol: 1e-6 * scale + 1e-7);
    }

    [Test]
    public void Sum_of_a_view_off_its_buffers_start_matches_float64_reference([Values(1, 2, 3, 4, 16)] int offset)
    {
        // Views starting inside a quad cannot be read as vectors, nor views off a 64-byte boundary as 16-float slabs
        // (the ILGPU kernel's widest reads on the CPU): the kernel must step down, not misread.
        double[] x = Reference.Float32(Reference.Uniform(10_000 + offset, seed: 41));
        var result = Device.Vector(new double[1]);

        Kernels.Sum(Device.Vector(x).SubView(offset), result);

        double scale = x.Sum(Math.Abs);
        GradCheck.AssertClose(Device.Download(result), [Reference.Sum(x[offset..])], rtol: 1e-6, atol: 1e-6 * scale + 1e-7);
    }
}
