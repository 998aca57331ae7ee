using ClusterGcn.Engine.Kernels;
using ClusterGcn.Engine.Tests.Support;

namespace ClusterGcn.Engine.Tests.Kernels;

public sealed class BiasTests(string backend) : BackendFixture(backend)
{
    private const int Rows = 7;

    // 1, around the 32-float warp / vector edges, and Reddit's 602 features.
    [Test]
    public void AddBias_matches_float64_reference([Values(1, 31, 32, 33, 48, 602)] int cols)
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
    public void BiasBackward_sums_columns_at_wide_shapes([Values(32, 48, 602)] int cols, [Values(1, 67)] int rows)
    {
        double[] dY = Reference.Float32(Reference.Uniform(rows * cols, seed: 6));
        var dBias = Device.Zeros(1, cols).Data;

        Kernels.BiasBackward(Device.Matrix(dY, rows, cols), dBias);

        GradCheck.AssertClose(Device.Download(dBias), Reference.BiasBackward(dY, rows, cols), rtol: 1e-5, atol: 1e-5);
    }

    [Test]
    public void Bias_ops_on_views_off_a_64_byte_boundary_match_float64_reference([Values(1, 4, 16)] int offset, [Values] bool offsetBias)
    {
        // 32-column rows starting 1, 4 or 16 floats into their buffer (or a bias that does): the ILGPU kernels read
        // 16-float slabs only from 64-byte boundaries and quads from 16-byte ones, and must step down, not misread.
        const int cols = 32;
        double[] y0 = Reference.Float32(Reference.Uniform(offset + Rows * cols, seed: 8));
        double[] bias = Reference.Float32(Reference.Uniform(offset + cols, seed: 9));
        var y = new DenseView(Device.Vector(y0).SubView(offset), Rows, cols);
        var b = offsetBias ? Device.Vector(bias).SubView(offset) : Device.Vector(bias[offset..]);
        var dBias = offsetBias ? Device.Vector(new double[offset + cols]).SubView(offset) : Device.Zeros(1, cols).Data;

        Kernels.AddBias(y, b);
        Kernels.BiasBackward(y, dBias);

        double[] expected = Reference.AddBias(y0[offset..], bias[offset..], Rows, cols);
        GradCheck.AssertClose(Device.Download(y), expected, rtol: 1e-6, atol: 1e-7, what: "add bias");
        GradCheck.AssertClose(Device.Download(dBias), Reference.BiasBackward(expected, Rows, cols), rtol: 1e-5, atol: 1e-5, what: "bias backward");
    }

    [Test]
    public void BiasBackward_adds_into_existing_gradient([Values(32, 33)] int cols)
    {
        double[] dY = Reference.Uniform(Rows * cols, seed: 7);
        AssertBackwardAccumulates(cols, prefill =>
        {
            var dBias = Device.Vector(prefill);
            Kernels.BiasBackward(Device.Matrix(dY, Rows, cols), dBias);
            return Device.Download(dBias);
        });
    }
}
