using ClusterGcn.Engine.Kernels;
using ClusterGcn.Engine.Tests.Support;

namespace ClusterGcn.Engine.Tests.Kernels;

public sealed class MatMulTests(string backend) : BackendFixture(backend)
{
    /// <summary>m × k times k × n, as named in the test.</summary>
    public readonly record struct Shape(int M, int K, int N)
    {
        public override string ToString() => $"{M}x{K}x{N}";
    }

    // Mixes of 1 (degenerate vectors), 5 (below any vector width), 33 and 67 (one past a power of two, so every
    // tiled or vectorised loop has a remainder); each size appears in each of the three positions. The last three
    // add the remainders 0 and 2 modulo 4 (a 4 × 4 register tile) that the first four sizes never hit.
    public static readonly Shape[] Shapes =
    [
        new(1, 1, 1), new(1, 5, 33), new(5, 33, 1), new(33, 1, 67), new(67, 33, 5),
        new(5, 67, 33), new(33, 67, 1), new(1, 33, 67), new(33, 33, 33), new(67, 67, 67),
        new(4, 8, 32), new(6, 2, 2), new(3, 7, 10),
    ];

    [Test]
    public void Forward_matches_float64_reference(
        [ValueSource(nameof(Shapes))] Shape shape,
        [Values] MatMulForm form,
        [Values] bool accumulate)
    {
        var (m, k, n) = (shape.M, shape.K, shape.N);
        double[] a = Reference.Float32(Reference.Uniform(m * k, seed: 1));
        double[] b = Reference.Float32(Reference.Uniform(k * n, seed: 2));
        // A prefill far from zero: an op that ignores accumulate (or always adds) is off by about 100.
        double[] c0 = Reference.Float32(Reference.Uniform(m * n, seed: 3, lo: 50, hi: 150));
        var (aRows, aCols) = form == MatMulForm.AtB ? (k, m) : (m, k);
        var (bRows, bCols) = form == MatMulForm.ABt ? (n, k) : (k, n);
        var c = Device.Matrix(c0, m, n);

        Kernels.MatMul(form, Device.Matrix(a, aRows, aCols), Device.Matrix(b, bRows, bCols), c, accumulate);

        double[] product = Reference.MatMul(form, a, b, m, k, n);
        double[] expected = accumulate ? Reference.Add(c0, product) : product;
        // Terms are in [−1, 1): the absolute error of a float dot product grows with k.
        GradCheck.AssertClose(Device.Download(c), expected, rtol: 1e-5, atol: 1e-6 * k);
    }

    [Test]
    public void Overwrite_ignores_nan_already_in_the_output([Values] MatMulForm form)
    {
        // A BLAS-style c = 0·c + a·b turns NaN left over from a diverged step into NaN forever.
        const int m = 5, k = 33, n = 3;
        double[] a = Reference.Float32(Reference.Uniform(m * k, seed: 4));
        double[] b = Reference.Float32(Reference.Uniform(k * n, seed: 5));
        var c = Device.Matrix(Enumerable.Repeat(double.NaN, m * n).ToArray(), m, n);

        Kernels.MatMul(form, Device.Matrix(a, form == MatMulForm.AtB ? k : m, form == MatMulForm.AtB ? m : k),
            Device.Matrix(b, form == MatMulForm.ABt ? n : k, form == MatMulForm.ABt ? k : n), c, accumulate: false);

        GradCheck.AssertClose(Device.Download(c), Reference.MatMul(form, a, b, m, k, n), rtol: 1e-5, atol: 1e-5);
    }

    [Test]
    public void Empty_inner_dimension_gives_zeros_or_leaves_the_sum([Values] bool accumulate)
    {
        // k = 0: the product is the zero matrix, which still has to be written when not accumulating.
        double[] c0 = Reference.Uniform(4 * 3, seed: 6);
        var c = Device.Matrix(c0, 4, 3);

        Kernels.MatMul(MatMulForm.AB, Device.Zeros(4, 0), Device.Zeros(0, 3), c, accumulate);

        GradCheck.AssertClose(Device.Download(c), accumulate ? Reference.Float32(c0) : new double[12], rtol: 0, atol: 0);
    }

    /// <summary>Loss = w · (A·B) for a random projection w. Then dA = w·Bᵀ, the ABt form, and dB = Aᵀ·w, the AtB form:
    /// exactly how the linear layer's backward uses them.</summary>
    [TestCase(1, 1, 1)]
    [TestCase(5, 7, 3)]
    [TestCase(9, 13, 11)]
    public void Backward_forms_match_finite_differences(int m, int k, int n)
    {
        double[] a = Reference.Float32(Reference.Uniform(m * k, seed: 7));
        double[] b = Reference.Float32(Reference.Uniform(k * n, seed: 8));
        double[] w = Reference.Float32(Reference.Uniform(m * n, seed: 9));
        double[] expectedDa = GradCheck.Numeric(x => Reference.Dot(w, Reference.MatMul(MatMulForm.AB, x, b, m, k, n)), a);
        double[] expectedDb = GradCheck.Numeric(x => Reference.Dot(w, Reference.MatMul(MatMulForm.AB, a, x, m, k, n)), b);
        var dA = Device.Zeros(m, k);
        var dB = Device.Zeros(k, n);

        Kernels.MatMul(MatMulForm.ABt, Device.Matrix(w, m, n), Device.Matrix(b, k, n), dA, accumulate: true);
        Kernels.MatMul(MatMulForm.AtB, Device.Matrix(a, m, k), Device.Matrix(w, m, n), dB, accumulate: true);

        GradCheck.AssertClose(Device.Download(dA), expectedDa, rtol: 1e-4, atol: 1e-5, what: "dA");
        GradCheck.AssertClose(Device.Download(dB), expectedDb, rtol: 1e-4, atol: 1e-5, what: "dB");
    }

    [Test]
    public void Backward_forms_add_into_existing_gradients([Values(MatMulForm.ABt, MatMulForm.AtB)] MatMulForm form)
    {
        const int m = 6, k = 5, n = 4;
        double[] a = Reference.Uniform(m * k, seed: 10);
        double[] b = Reference.Uniform(k * n, seed: 11);
        double[] w = Reference.Uniform(m * n, seed: 12);
        if (form == MatMulForm.ABt)
            AssertBackwardAccumulates(m * k, prefill =>
            {
                var dA = Device.Matrix(prefill, m, k);
                Kernels.MatMul(form, Device.Matrix(w, m, n), Device.Matrix(b, k, n), dA, accumulate: true);
                return Device.Download(dA);
            });
        else
            AssertBackwardAccumulates(k * n, prefill =>
            {
                var dB = Device.Matrix(prefill, k, n);
                Kernels.MatMul(form, Device.Matrix(a, m, k), Device.Matrix(w, m, n), dB, accumulate: true);
                return Device.Download(dB);
            });
    }
}
