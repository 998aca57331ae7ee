using ClusterGcn.Engine.Tests.Support;

namespace ClusterGcn.Engine.Tests.Kernels;

public sealed class AddTests(string backend) : BackendFixture(backend)
{
    // Lengths on both sides of 16- and 32-float vector edges, and one with a long remainder.
    [Test]
    public void Add_matches_float64_reference([Values(1, 31, 32, 33, 1000, 4099)] int length)
    {
        double[] a = Reference.Float32(Reference.Uniform(length, seed: 1));
        double[] b = Reference.Float32(Reference.Uniform(length, seed: 2));
        var y = Device.Zeros(1, length).Data;

        Kernels.Add(Device.Vector(a), Device.Vector(b), y);

        GradCheck.AssertClose(Device.Download(y), Reference.Add(a, b), rtol: 1e-6, atol: 1e-7);
    }

    [Test]
    public void Add_may_write_into_an_operand([Values(0, 1)] int outputIsOperand)
    {
        const int length = 67;
        double[] a = Reference.Float32(Reference.Uniform(length, seed: 3));
        double[] b = Reference.Float32(Reference.Uniform(length, seed: 4));
        var (aDev, bDev) = (Device.Vector(a), Device.Vector(b));
        var y = outputIsOperand == 0 ? aDev : bDev;

        Kernels.Add(aDev, bDev, y);

        GradCheck.AssertClose(Device.Download(y), Reference.Add(a, b), rtol: 1e-6, atol: 1e-7);
    }

    [Test]
    public void Axpy_adds_scaled_x([Values(1, 33, 4099)] int length, [Values(-0.5f, 2f)] float alpha)
    {
        double[] x = Reference.Float32(Reference.Uniform(length, seed: 5));
        double[] y0 = Reference.Float32(Reference.Uniform(length, seed: 6));
        var y = Device.Vector(y0);

        Kernels.Axpy(alpha, Device.Vector(x), y);

        GradCheck.AssertClose(Device.Download(y), Reference.Axpy(alpha, x, y0), rtol: 1e-6, atol: 1e-7);
    }
}
