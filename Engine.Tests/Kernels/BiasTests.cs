using ClusterGcn.Engine.Tests.Support;

namespace ClusterGcn.Engine.Tests.Kernels;

public sealed class BiasTests(string backend) : BackendFixture(backend)
{
    private const int Rows = 7;

    // 1, around the 32-float warp / vector edges, and Reddit's 602 features.
    [Test]
    public void AddBias_matches_float64_reference([Values(1, 31, 32, 33, 602)] int cols)
    {
        double[] y0 = Reference.Float32(Reference.Uniform(Rows * cols, seed: 1));
        double[] bias = Reference.Float32(Reference.Uniform(cols, seed: 2));
        var y = Device.Matrix(y0, Rows, cols);

        Kernels.AddBias(y, Device.Vector(bias));

        GradCheck.AssertClose(Device.Download(y), Reference.AddBias(y0, bias, Rows, cols), rtol: 1e-6, atol: 1e-7);
    }

    [Test]
    public void BiasBackward_matches_finite_differences([Values(1, 31, 33)] int cols)
    {
        double[] y0 = Reference.Float32(Reference.Uniform(Rows * cols, seed: 3));
        double[] bias = Reference.Float32(Reference.Uniform(cols, seed: 4));
        double[] w = Reference.Float32(Reference.Uniform(Rows * cols, seed: 5));
        double[] expected = GradCheck.Numeric(b => Reference.Dot(w, Reference.AddBias(y0, b, Rows, cols)), bias);
        var dBias = Device.Zeros(1, cols).Data;

        Kernels.BiasBackward(Device.Matrix(w, Rows, cols), dBias);

        GradCheck.AssertClose(Device.Download(dBias), expected, rtol: 1e-4, atol: 1e-5);
    }

    [Test]
    public void BiasBackward_sums_columns_at_wide_shapes([Values(32, 602)] int cols, [Values(1, 67)] int rows)
    {
        double[] dY = Reference.Float32(Reference.Uniform(rows * cols, seed: 6));
        var dBias = Device.Zeros(1, cols).Data;

        Kernels.BiasBackward(Device.Matrix(dY, rows, cols), dBias);

        GradCheck.AssertClose(Device.Download(dBias), Reference.BiasBackward(dY, rows, cols), rtol: 1e-5, atol: 1e-5);
    }

    [Test]
    public void BiasBackward_adds_into_existing_gradient()
    {
        const int cols = 33;
        double[] dY = Reference.Uniform(Rows * cols, seed: 7);
        AssertBackwardAccumulates(cols, prefill =>
        {
            var dBias = Device.Vector(prefill);
            Kernels.BiasBackward(Device.Matrix(dY, Rows, cols), dBias);
            return Device.Download(dBias);
        });
    }
}
