using ClusterGcn.Engine.Core.Optim;
using ClusterGcn.Engine.Core.Tensors;
using ClusterGcn.Engine.Kernels;
using ClusterGcn.Engine.Tests.Support;

namespace ClusterGcn.Engine.Tests.Autograd;

/// <summary>Adam on f(p) = ½‖p − target‖², whose gradient p − target the test writes into the parameter's gradient.</summary>
public sealed class AdamTests(string kind) : DeviceKindFixture(kind)
{
    private static readonly double[] Target = [0.5, -1.25, 2, 0.75, -0.5, 1.5];
    private static readonly double[] Start = Reference.Float32(Reference.Uniform(6, seed: 11, lo: -2, hi: 2));

    [Test]
    public void Three_steps_match_the_float64_reference()
    {
        var settings = new AdamStepSettings(0.1f, 0.9f, 0.999f, 1e-8f, 0.01f, 1);
        using var p = Device.FromHost(ToFloat(Start), 2, 3, requiresGrad: true);
        using var adam = new Adam([p], settings.LearningRate, settings.Beta1, settings.Beta2, settings.Epsilon, settings.WeightDecay);
        double[] param = (double[])Start.Clone(), m = new double[6], v = new double[6];
        for (int step = 1; step <= 3; step++)
        {
            SetQuadraticGradient(p);
            adam.Step();
            // The reference reads the gradient the device saw: the float parameter minus the target.
            var grad = GradientAt(param);
            Reference.AdamStep(param, grad, m, v, settings with { Step = step });
            adam.ZeroGrad();
        }
        Assert.That(adam.StepCount, Is.EqualTo(3));
        GradCheck.AssertClose(p.ToHost(), param, 1e-5, 1e-6, "parameters after 3 steps");
    }

    [Test]
    public void Converges_on_a_quadratic()
    {
        using var p = Device.FromHost(ToFloat(Start), 2, 3, requiresGrad: true);
        using var adam = new Adam([p], learningRate: 0.05f);
        for (int step = 0; step < 300; step++)
        {
            adam.ZeroGrad();
            SetQuadraticGradient(p);
            adam.Step();
        }
        GradCheck.AssertClose(p.ToHost(), Target, 0, 1e-2, "minimiser");
    }

    [Test]
    public void Parameters_without_gradients_are_left_alone()
    {
        using var p = Device.FromHost([1f, 2f], 1, 2, requiresGrad: true);
        using var adam = new Adam([p]);
        adam.Step();
        Assert.That(p.ToHost(), Is.EqualTo(new[] { 1f, 2f }));
        Assert.That(p.HasGrad, Is.False);
    }

    private static void SetQuadraticGradient(Tensor p) =>
        DeviceBuffers.CopyFromHost(p.Grad.View.Data, ToFloat(GradientAt(Array.ConvertAll(p.ToHost(), v => (double)v))));

    private static double[] GradientAt(double[] p) => Reference.Float32([.. p.Select((v, i) => v - Target[i])]);

    private static float[] ToFloat(double[] values) => Array.ConvertAll(values, v => (float)v);
}
