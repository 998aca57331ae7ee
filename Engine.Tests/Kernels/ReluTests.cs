using ClusterGcn.Engine.Tests.Support;

namespace ClusterGcn.Engine.Tests.Kernels;

public sealed class ReluTests(string backend) : BackendFixture(backend)
{
    [Test]
    public void Forward_matches_float64_reference([Values(1, 31, 32, 33, 602, 4099)] int length)
    {
        double[] x = Reference.Float32(Reference.Uniform(length, seed: 1));
        var y = Device.Vector(Reference.Uniform(length, seed: 2, lo: 10, hi: 20));

        Kernels.Relu(Device.Vector(x), y);

        GradCheck.AssertClose(Device.Download(y), Reference.Relu(x), rtol: 0, atol: 0);
    }

    [Test]
    public void Forward_may_run_in_place()
    {
        double[] x = Reference.Float32(Reference.Uniform(67, seed: 3));
        var xy = Device.Vector(x);

        Kernels.Relu(xy, xy);

        GradCheck.AssertClose(Device.Download(xy), Reference.Relu(x), rtol: 0, atol: 0);
    }

    [Test]
    public void Backward_matches_finite_differences([Values(1, 32, 33, 256, 257)] int length)
    {
        double[] x = Reference.Float32(Reference.Uniform(length, seed: 4));
        // The kink at 0 has no derivative; keep every input at least 1e-3 away so h = 1e-6 never straddles it.
        for (int i = 0; i < length; i++) if (Math.Abs(x[i]) < 1e-3) x[i] = 0.5;
        double[] w = Reference.Float32(Reference.Uniform(length, seed: 5));
        double[] expected = GradCheck.Numeric(v => Reference.Dot(w, Reference.Relu(v)), x);
        var y = Device.Vector(x);
        Kernels.Relu(y, y); // the backward reads the forward's output, as the trainer calls it
        var dX = Device.Zeros(1, length).Data;

        Kernels.ReluBackward(y, Device.Vector(w), dX);

        GradCheck.AssertClose(Device.Download(dX), expected, rtol: 1e-4, atol: 1e-5);
    }

    [Test]
    public void Backward_adds_into_existing_gradient([Values(64, 67)] int length)
    {
        double[] y = Reference.Relu(Reference.Uniform(length, seed: 6));
        double[] dY = Reference.Uniform(length, seed: 7);
        AssertBackwardAccumulates(length, prefill =>
        {
            var dX = Device.Vector(prefill);
            Kernels.ReluBackward(Device.Vector(y), Device.Vector(dY), dX);
            return Device.Download(dX);
        });
    }
}
