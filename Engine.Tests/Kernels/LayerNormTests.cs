using ClusterGcn.Engine.Tests.Support;
using ILGPU;

namespace ClusterGcn.Engine.Tests.Kernels;

public sealed class LayerNormTests(string backend) : BackendFixture(backend)
{
    private const int Rows = 9;
    private const double Eps = 1e-5;

    /// <summary>Rows centred away from zero, so a one-pass variance (E[x²] − E[x]²) would lose digits.</summary>
    [Test]
    public void Forward_matches_float64_reference([Values(1, 31, 32, 33, 602)] int cols)
    {
        var (x, gamma, beta) = Inputs(cols, seed: 1, lo: 2, hi: 6);

        var (y, mean, rstd) = Forward(x, gamma, beta, cols);

        var expected = Reference.LayerNorm(x, gamma, beta, Rows, cols, Eps);
        GradCheck.AssertClose(y, expected.Y, rtol: 1e-5, atol: 1e-5, what: "y");
        GradCheck.AssertClose(mean, expected.Mean, rtol: 1e-6, atol: 1e-6, what: "mean");
        GradCheck.AssertClose(rstd, expected.Rstd, rtol: 1e-5, atol: 0, what: "rstd");
    }

    /// <summary>Deviations of ±1 on top of 1000: every float of x carries only ~17 bits of the deviation.</summary>
    [Test]
    public void Forward_is_accurate_for_rows_far_from_zero([Values(32, 33, 602)] int cols)
    {
        var (x, gamma, beta) = Inputs(cols, seed: 2, lo: 999, hi: 1001);

        var (y, mean, rstd) = Forward(x, gamma, beta, cols);

        var expected = Reference.LayerNorm(x, gamma, beta, Rows, cols, Eps);
        GradCheck.AssertClose(y, expected.Y, rtol: 1e-4, atol: 1e-4, what: "y");
        GradCheck.AssertClose(mean, expected.Mean, rtol: 1e-7, atol: 0, what: "mean");
        GradCheck.AssertClose(rstd, expected.Rstd, rtol: 1e-4, atol: 0, what: "rstd");
    }

    /// <summary>Constant rows have σ² = 0: y must be exactly beta's neighbourhood (no NaN, no noise amplified by
    /// rstd = 1/√eps ≈ 316).</summary>
    [Test]
    public void Constant_rows_give_beta([Values(1, 31, 32, 33, 602)] int cols)
    {
        double[] constants = [0, 0.1, -3.7, 1000.3, 1e-3, 7, -0.25, 12345.6, 2];
        var x = new double[Rows * cols];
        for (int i = 0; i < x.Length; i++) x[i] = (float)constants[i / cols];
        var (_, gamma, beta) = Inputs(cols, seed: 3);

        var (y, mean, rstd) = Forward(x, gamma, beta, cols);

        var expected = Reference.LayerNorm(x, gamma, beta, Rows, cols, Eps);
        GradCheck.AssertClose(y, expected.Y, rtol: 0, atol: 1e-5, what: "y");
        GradCheck.AssertClose(mean, expected.Mean, rtol: 1e-7, atol: 0, what: "mean");
        GradCheck.AssertClose(rstd, expected.Rstd, rtol: 1e-5, atol: 0, what: "rstd");
    }

    /// <summary>loss = Σ w ⊙ y for random weights w (= dY), differentiated numerically in float64 with respect to
    /// x, gamma and beta. Row 0 is constant (σ² = 0), where the gradient is dominated by rstd = 1/√eps.</summary>
    [Test]
    public void Backward_matches_finite_differences([Values(1, 7, 32, 33, 602)] int cols)
    {
        var (x, gamma, beta) = Inputs(cols, seed: 4, lo: -2, hi: 3);
        for (int j = 0; j < cols; j++) x[j] = 0.75;
        double[] dY = Reference.Float32(Reference.Uniform(Rows * cols, seed: 5));
        double Loss(double[] xs, double[] g, double[] b) => Reference.Dot(dY, Reference.LayerNorm(xs, g, b, Rows, cols, Eps).Y);
        var stats = Reference.LayerNorm(x, gamma, beta, Rows, cols, Eps);
        var (mean, rstd) = (Device.Vector(stats.Mean), Device.Vector(stats.Rstd));
        var xView = Device.Matrix(x, Rows, cols);
        var dX = Device.Zeros(Rows, cols);
        var (dGamma, dBeta) = (Device.Vector(new double[cols]), Device.Vector(new double[cols]));

        Kernels.LayerNormBackward(xView, Device.Vector(gamma), mean, rstd, Device.Matrix(dY, Rows, cols), dX);
        Kernels.LayerNormAffineBackward(xView, mean, rstd, Device.Matrix(dY, Rows, cols), dGamma, dBeta);

        GradCheck.AssertClose(Device.Download(dX), GradCheck.Numeric(v => Loss(v, gamma, beta), x), rtol: 1e-4, atol: 1e-4, what: "dX");
        GradCheck.AssertClose(Device.Download(dGamma), GradCheck.Numeric(v => Loss(x, v, beta), gamma), rtol: 1e-4, atol: 1e-5, what: "dGamma");
        GradCheck.AssertClose(Device.Download(dBeta), GradCheck.Numeric(v => Loss(x, gamma, v), beta), rtol: 1e-4, atol: 1e-5, what: "dBeta");
    }

    [Test]
    public void Backward_adds_into_existing_gradients([Values(36, 37)] int cols)
    {
        var (x, gamma, _) = Inputs(cols, seed: 6);
        var stats = Reference.LayerNorm(x, gamma, gamma, Rows, cols, Eps);
        double[] dY = Reference.Uniform(Rows * cols, seed: 7);
        AssertBackwardAccumulates(Rows * cols, prefill =>
        {
            var dX = Device.Matrix(prefill, Rows, cols);
            Kernels.LayerNormBackward(Device.Matrix(x, Rows, cols), Device.Vector(gamma), Device.Vector(stats.Mean), Device.Vector(stats.Rstd),
                Device.Matrix(dY, Rows, cols), dX);
            return Device.Download(dX);
        });
        AssertBackwardAccumulates(2 * cols, prefill =>
        {
            var (dGamma, dBeta) = (Device.Vector(prefill[..cols]), Device.Vector(prefill[cols..]));
            Kernels.LayerNormAffineBackward(Device.Matrix(x, Rows, cols), Device.Vector(stats.Mean), Device.Vector(stats.Rstd),
                Device.Matrix(dY, Rows, cols), dGamma, dBeta);
            return [.. Device.Download(dGamma), .. Device.Download(dBeta)];
        });
    }

    /// <summary>Shapes that spread over every thread of both backends, read as quads (128) or floats (130): the same
    /// bits on every run.</summary>
    [Test]
    public void Every_output_repeats_bit_for_bit([Values(128, 130)] int cols)
    {
        const int rows = 300;
        double[] x = Reference.Uniform(rows * cols, seed: 8, lo: -4, hi: 9), gamma = Reference.Uniform(cols, seed: 9);
        double[] dY = Reference.Uniform(rows * cols, seed: 10);
        float[][] Run()
        {
            var (xView, dYView) = (Device.Matrix(x, rows, cols), Device.Matrix(dY, rows, cols));
            var (y, dX) = (Device.Zeros(rows, cols), Device.Zeros(rows, cols));
            var (mean, rstd) = (Device.Vector(new double[rows]), Device.Vector(new double[rows]));
            var (dGamma, dBeta) = (Device.Vector(new double[cols]), Device.Vector(new double[cols]));
            Kernels.LayerNorm(xView, Device.Vector(gamma), Device.Vector(gamma), y, mean, rstd, (float)Eps);
            Kernels.LayerNormBackward(xView, Device.Vector(gamma), mean, rstd, dYView, dX);
            Kernels.LayerNormAffineBackward(xView, mean, rstd, dYView, dGamma, dBeta);
            return [Device.Download(y), Device.Download(mean), Device.Download(rstd), Device.Download(dX), Device.Download(dGamma), Device.Download(dBeta)];
        }

        var first = Run();
        for (int run = 0; run < 3; run++)
        {
            var again = Run();
            for (int k = 0; k < first.Length; k++)
                Assert.That(again[k].Select(BitConverter.SingleToInt32Bits), Is.EqualTo(first[k].Select(BitConverter.SingleToInt32Bits)), $"output {k}");
        }
    }

    [Test]
    public void Empty_batch_is_a_no_op()
    {
        var (dGamma, dBeta) = (Device.Vector([1.0, 2.0]), Device.Vector([3.0, 4.0]));
        Kernels.LayerNorm(Device.Zeros(0, 2), Device.Vector([1.0, 1.0]), Device.Vector([0.0, 0.0]), Device.Zeros(0, 2),
            V(Device, 0), V(Device, 0), 1e-5f);
        Kernels.LayerNormAffineBackward(Device.Zeros(0, 2), V(Device, 0), V(Device, 0), Device.Zeros(0, 2), dGamma, dBeta);
        Assert.That(Device.Download(dGamma).Concat(Device.Download(dBeta)), Is.EqualTo(new[] { 1f, 2f, 3f, 4f }));
    }

    /// <summary>One wrong call and the fragment its message must contain; x is 3 × 4 unless the case is about it.</summary>
    public sealed record BadCall(string Fragment, Action<TestBackend> Call)
    {
        public override string ToString() => Fragment;
    }

    public static readonly BadCall[] BadCalls =
    [
        new("layer norm input x: shape [3, 0]", d => d.Kernels.LayerNorm(d.Zeros(3, 0), V(d, 0), V(d, 0), d.Zeros(3, 0), V(d, 3), V(d, 3), 1e-5f)),
        new("layer norm gamma: length 5", d => d.Kernels.LayerNorm(d.Zeros(3, 4), V(d, 5), V(d, 4), d.Zeros(3, 4), V(d, 3), V(d, 3), 1e-5f)),
        new("layer norm beta: length 3", d => d.Kernels.LayerNorm(d.Zeros(3, 4), V(d, 4), V(d, 3), d.Zeros(3, 4), V(d, 3), V(d, 3), 1e-5f)),
        new("layer norm output y: shape [4, 3]", d => d.Kernels.LayerNorm(d.Zeros(3, 4), V(d, 4), V(d, 4), d.Zeros(4, 3), V(d, 3), V(d, 3), 1e-5f)),
        new("layer norm mean: length 4", d => d.Kernels.LayerNorm(d.Zeros(3, 4), V(d, 4), V(d, 4), d.Zeros(3, 4), V(d, 4), V(d, 3), 1e-5f)),
        new("layer norm rstd: length 2", d => d.Kernels.LayerNorm(d.Zeros(3, 4), V(d, 4), V(d, 4), d.Zeros(3, 4), V(d, 3), V(d, 2), 1e-5f)),
        new("layer norm eps must be positive and finite (got 0)", d => d.Kernels.LayerNorm(d.Zeros(3, 4), V(d, 4), V(d, 4), d.Zeros(3, 4), V(d, 3), V(d, 3), 0f)),
        new("layer norm eps must be positive and finite (got NaN)", d => d.Kernels.LayerNorm(d.Zeros(3, 4), V(d, 4), V(d, 4), d.Zeros(3, 4), V(d, 3), V(d, 3), float.NaN)),
        new("layer norm gamma: length 3", d => d.Kernels.LayerNormBackward(d.Zeros(3, 4), V(d, 3), V(d, 3), V(d, 3), d.Zeros(3, 4), d.Zeros(3, 4))),
        new("layer norm output gradient dY", d => d.Kernels.LayerNormBackward(d.Zeros(3, 4), V(d, 4), V(d, 3), V(d, 3), d.Zeros(3, 5), d.Zeros(3, 4))),
        new("layer norm input gradient dX", d => d.Kernels.LayerNormBackward(d.Zeros(3, 4), V(d, 4), V(d, 3), V(d, 3), d.Zeros(3, 4), d.Zeros(2, 4))),
        new("layer norm mean: length 1", d => d.Kernels.LayerNormAffineBackward(d.Zeros(3, 4), V(d, 1), V(d, 3), d.Zeros(3, 4), V(d, 4), V(d, 4))),
        new("layer norm gamma gradient", d => d.Kernels.LayerNormAffineBackward(d.Zeros(3, 4), V(d, 3), V(d, 3), d.Zeros(3, 4), V(d, 3), V(d, 4))),
        new("layer norm beta gradient", d => d.Kernels.LayerNormAffineBackward(d.Zeros(3, 4), V(d, 3), V(d, 3), d.Zeros(3, 4), V(d, 4), V(d, 5))),
    ];

    [Test]
    public void Bad_shape_is_a_one_line_error_naming_the_operand([ValueSource(nameof(BadCalls))] BadCall bad) =>
        Errors.AssertOneLine(() => bad.Call(Device), bad.Fragment);

    private (float[] Y, float[] Mean, float[] Rstd) Forward(double[] x, double[] gamma, double[] beta, int cols)
    {
        var y = Device.Zeros(Rows, cols);
        var (mean, rstd) = (Device.Vector(new double[Rows]), Device.Vector(new double[Rows]));
        Kernels.LayerNorm(Device.Matrix(x, Rows, cols), Device.Vector(gamma), Device.Vector(beta), y, mean, rstd, (float)Eps);
        return (Device.Download(y), Device.Download(mean), Device.Download(rstd));
    }

    private static (double[] X, double[] Gamma, double[] Beta) Inputs(int cols, ulong seed, double lo = -1, double hi = 1) =>
        (Reference.Float32(Reference.Uniform(Rows * cols, seed, lo, hi)),
         Reference.Float32(Reference.Uniform(cols, seed + 100, 0.5, 1.5)),
         Reference.Float32(Reference.Uniform(cols, seed + 200)));

    private static ArrayView<float> V(TestBackend d, int length) => d.Vector(new double[length]);
}
