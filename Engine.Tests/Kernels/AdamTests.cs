using ClusterGcn.Engine.Kernels;
using ClusterGcn.Engine.Tests.Support;

namespace ClusterGcn.Engine.Tests.Kernels;

public sealed class AdamTests(string backend) : BackendFixture(backend)
{
    [Test]
    public void Several_steps_match_the_pytorch_formula([Values(1, 32, 33, 4096, 4099)] int length, [Values(0f, 0.01f)] float weightDecay)
    {
        double[] param = Reference.Float32(Reference.Uniform(length, seed: 1));
        double[] m = new double[length], v = new double[length];
        var (paramDev, mDev, vDev) = (Device.Vector(param), Device.Vector(m), Device.Vector(v));

        for (int step = 1; step <= 5; step++)
        {
            // A fresh gradient every step, with some exact zeros, where only weight decay moves the parameter.
            double[] grad = Reference.Float32(Reference.Uniform(length, seed: 10 + (ulong)step, lo: -0.1, hi: 0.1));
            for (int i = 0; i < length; i += 7) grad[i] = 0;
            var settings = new AdamStepSettings(LearningRate: 0.01f, Beta1: 0.9f, Beta2: 0.999f, Epsilon: 1e-8f,
                WeightDecay: weightDecay, Step: step);

            Kernels.AdamStep(paramDev, Device.Vector(grad), mDev, vDev, settings);
            Reference.AdamStep(param, grad, m, v, settings);
        }

        GradCheck.AssertClose(Device.Download(mDev), m, rtol: 1e-5, atol: 1e-8, what: "first moment");
        GradCheck.AssertClose(Device.Download(vDev), v, rtol: 1e-5, atol: 1e-10, what: "second moment");
        GradCheck.AssertClose(Device.Download(paramDev), param, rtol: 1e-5, atol: 1e-6, what: "parameters");
    }

    [Test]
    public void Step_zero_is_rejected()
    {
        var p = Device.Vector([1.0]);
        var settings = new AdamStepSettings(0.01f, 0.9f, 0.999f, 1e-8f, 0f, Step: 0);
        Assert.Throws<ArgumentOutOfRangeException>(() => Kernels.AdamStep(p, Device.Vector([1.0]), Device.Vector([0.0]), Device.Vector([0.0]), settings));
    }
}
