using ClusterGcn.Engine.Tests.Support;

namespace ClusterGcn.Engine.Tests.Kernels;

public sealed class DropoutTests(string backend) : BackendFixture(backend)
{
    [Test]
    public void Forward_matches_float64_reference([Values(1, 31, 33, 602, 4099)] int length, [Values(0f, 0.1f, 0.5f)] float p)
    {
        double[] x = Reference.Float32(Reference.Uniform(length, seed: 1));
        var y = Device.Vector(Reference.Uniform(length, seed: 2, lo: 10, hi: 20));

        Kernels.Dropout(Device.Vector(x), y, p, seed: 42);

        GradCheck.AssertClose(Device.Download(y), Reference.Dropout(x, p, seed: 42), rtol: 1e-6, atol: 0);
    }

    [Test]
    public void Mask_is_the_splitmix_rule_bit_for_bit()
    {
        // x = 1 everywhere, so y ≠ 0 is exactly the mask; p near the middle makes both outcomes common.
        const int length = 20_000;
        const float p = 0.37f;
        var y = Device.Zeros(1, length).Data;

        Kernels.Dropout(Device.Vector(Enumerable.Repeat(1.0, length).ToArray()), y, p, seed: 7);

        bool[] kept = Array.ConvertAll(Device.Download(y), v => v != 0);
        Assert.That(kept, Is.EqualTo(Reference.DropoutMask(length, p, seed: 7)));
    }

    [Test]
    public void Kept_fraction_is_about_one_minus_p([Values(0.1f, 0.5f, 0.9f)] float p)
    {
        const int length = 40_000;
        var y = Device.Zeros(1, length).Data;

        Kernels.Dropout(Device.Vector(Enumerable.Repeat(1.0, length).ToArray()), y, p, seed: 11);

        double kept = Device.Download(y).Count(v => v != 0) / (double)length;
        // Binomial standard deviation is at most 0.0025 here; 0.015 is six of them.
        Assert.That(kept, Is.EqualTo(1 - p).Within(0.015));
    }

    [Test]
    public void Different_seeds_give_different_masks_and_equal_seeds_the_same()
    {
        const int length = 4096;
        var ones = Device.Vector(Enumerable.Repeat(1.0, length).ToArray());
        bool[] Mask(ulong seed)
        {
            var y = Device.Zeros(1, length).Data;
            Kernels.Dropout(ones, y, 0.5f, seed);
            return Array.ConvertAll(Device.Download(y), v => v != 0);
        }

        bool[] first = Mask(1), again = Mask(1), other = Mask(2);

        Assert.That(again, Is.EqualTo(first), "same seed, same mask");
        // Two independent p = 0.5 masks disagree on about half the elements.
        int disagreements = first.Zip(other).Count(pair => pair.First != pair.Second);
        Assert.That(disagreements, Is.InRange(length * 4 / 10, length * 6 / 10), "seeds 1 and 2 disagree on about half");
    }

    [Test]
    public void Backward_matches_finite_differences([Values(1, 33, 257)] int length)
    {
        const float p = 0.3f;
        double[] x = Reference.Float32(Reference.Uniform(length, seed: 3));
        double[] w = Reference.Float32(Reference.Uniform(length, seed: 4));
        double[] expected = GradCheck.Numeric(v => Reference.Dot(w, Reference.Dropout(v, p, seed: 99)), x);
        var dX = Device.Zeros(1, length).Data;

        Kernels.DropoutBackward(Device.Vector(w), dX, p, seed: 99);

        GradCheck.AssertClose(Device.Download(dX), expected, rtol: 1e-4, atol: 1e-5);
    }

    [Test]
    public void Backward_adds_into_existing_gradient()
    {
        const int length = 67;
        double[] dY = Reference.Uniform(length, seed: 5);
        AssertBackwardAccumulates(length, prefill =>
        {
            var dX = Device.Vector(prefill);
            Kernels.DropoutBackward(Device.Vector(dY), dX, 0.4f, seed: 6);
            return Device.Download(dX);
        });
    }

    [Test]
    public void Dropped_elements_are_exactly_zero_even_for_infinite_input()
    {
        // "else 0" in the contract: a kernel computing x / (1 − p) · keep turns a dropped ∞ into ∞ · 0 = NaN, and one
        // NaN activation poisons the whole loss, differently on each backend.
        const int length = 64;
        double[] inf = Enumerable.Repeat(double.PositiveInfinity, length).ToArray();
        bool[] keep = Reference.DropoutMask(length, 0.5f, seed: 3);
        var y = Device.Zeros(1, length).Data;
        var dX = Device.Zeros(1, length).Data;

        Kernels.Dropout(Device.Vector(inf), y, 0.5f, seed: 3);
        Kernels.DropoutBackward(Device.Vector(inf), dX, 0.5f, seed: 3);

        float[] expected = [.. keep.Select(k => k ? float.PositiveInfinity : 0f)];
        Assert.That(Device.Download(y), Is.EqualTo(expected), "forward");
        Assert.That(Device.Download(dX), Is.EqualTo(expected), "backward");
    }

    [TestCase(1f)]
    [TestCase(float.NaN)]
    [TestCase(-0.1f)]
    public void Probability_outside_zero_to_one_is_a_one_line_error(float p)
    {
        var x = Device.Zeros(1, 8).Data;
        var y = Device.Zeros(1, 8).Data;
        Errors.AssertOneLine(() => Kernels.Dropout(x, y, p, seed: 1), "dropout probability must be in [0, 1)");
        Errors.AssertOneLine(() => Kernels.DropoutBackward(x, y, p, seed: 1), "dropout probability must be in [0, 1)");
    }
}
