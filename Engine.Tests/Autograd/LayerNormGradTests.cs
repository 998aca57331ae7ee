using ClusterGcn.Engine.Core.Autograd;
using ClusterGcn.Engine.Kernels;
using ClusterGcn.Engine.Tests.Support;
using LayerNormLayer = ClusterGcn.Engine.Core.Models.LayerNorm;

namespace ClusterGcn.Engine.Tests.Autograd;

/// <summary>Ops.LayerNorm and the LayerNorm layer through Tape.Backward, against float64 central differences.</summary>
public sealed class LayerNormGradTests(string kind) : DeviceKindFixture(kind)
{
    private const double Rtol = 1e-3, Atol = 2e-5, Eps = 1e-5;
    private const int Rows = 6, Cols = 5;

    // Row 2 is masked out (no gradient flows from it); row 4 is constant (σ² = 0).
    private static readonly int[] Mask = [1, 1, 0, 1, 1, 1];

    /// <summary>loss = bce(layerNorm(x)·W, T): gradients of x, gamma, beta and W, all through the tape.</summary>
    [Test]
    public void Gradients_of_input_gamma_and_beta_match_central_differences()
    {
        const int classes = 3;
        double[] x = Reference.Float32(Reference.Uniform(Rows * Cols, seed: 1, lo: -2, hi: 4));
        for (int j = 0; j < Cols; j++) x[4 * Cols + j] = 1.5;
        double[] gamma = Reference.Float32(Reference.Uniform(Cols, seed: 2, lo: 0.5, hi: 1.5));
        double[] beta = Reference.Float32(Reference.Uniform(Cols, seed: 3));
        double[] w = Reference.Float32(Reference.Uniform(Cols * classes, seed: 4));
        double[] targets = [.. Enumerable.Range(0, Rows * classes).Select(i => (double)(i * 5 % 3 == 0 ? 1 : 0))];

        double Loss64()
        {
            var y = Reference.LayerNorm(x, gamma, beta, Rows, Cols, Eps).Y;
            return Reference.SigmoidBce(Reference.MatMul(MatMulForm.AB, y, w, Rows, Cols, classes), targets, Rows, classes, Mask).Loss;
        }

        using var mask = DeviceBuffers.Upload<int>(Device.Accelerator, Mask);
        using var xT = Device.FromHost(ToFloat(x), Rows, Cols, requiresGrad: true);
        using var gammaT = Device.FromHost(ToFloat(gamma), 1, Cols, requiresGrad: true);
        using var betaT = Device.FromHost(ToFloat(beta), 1, Cols, requiresGrad: true);
        using var wT = Device.FromHost(ToFloat(w), Cols, classes, requiresGrad: true);
        using (Device.BeginScope())
        {
            var targetsT = Device.FromHost(ToFloat(targets), Rows, classes);
            var loss = Ops.SigmoidBce(Ops.MatMul(Ops.LayerNorm(xT, gammaT, betaT), wT), targetsT, mask.View);
            Tape.Backward(loss);
            Assert.That(loss.ReadScalar(), Is.EqualTo(Loss64()).Within(1e-5));
        }
        GradCheck.AssertClose(xT.Grad.ToHost(), GradCheck.Numeric(_ => Loss64(), x), Rtol, Atol, "x gradient");
        GradCheck.AssertClose(gammaT.Grad.ToHost(), GradCheck.Numeric(_ => Loss64(), gamma), Rtol, Atol, "gamma gradient");
        GradCheck.AssertClose(betaT.Grad.ToHost(), GradCheck.Numeric(_ => Loss64(), beta), Rtol, Atol, "beta gradient");
        GradCheck.AssertClose(wT.Grad.ToHost(), GradCheck.Numeric(_ => Loss64(), w), Rtol, Atol, "weight gradient");
    }

    /// <summary>The layer starts as PyTorch's: weight 1, bias 0, named "weight" and "bias"; so its output is the
    /// plain normalisation, and its parameters receive gradients.</summary>
    [Test]
    public void Layer_starts_at_unit_scale_and_zero_shift_and_trains_both()
    {
        double[] x = Reference.Float32(Reference.Uniform(Rows * Cols, seed: 5, lo: -3, hi: 3));
        using var norm = new LayerNormLayer(Device, Cols);
        Assert.That(norm.NamedParameters("norms.0.").Select(p => p.Name), Is.EqualTo(new[] { "norms.0.weight", "norms.0.bias" }));
        Assert.That(norm.Weight.ToHost(), Is.All.EqualTo(1f));
        Assert.That(norm.Bias.ToHost(), Is.All.EqualTo(0f));
        using var mask = DeviceBuffers.Upload<int>(Device.Accelerator, Mask);
        using (Device.BeginScope())
        {
            var y = norm.Forward(Device.FromHost(ToFloat(x), Rows, Cols));
            var expected = Reference.LayerNorm(x, [.. Enumerable.Repeat(1.0, Cols)], new double[Cols], Rows, Cols, Eps).Y;
            GradCheck.AssertClose(y.ToHost(), expected, 1e-5, 1e-5, "layer output");
            Tape.Backward(Ops.SigmoidBce(y, Device.Zeros(Rows, Cols), mask.View));
        }
        Assert.That(norm.Weight.Grad.ToHost(), Has.Some.Not.EqualTo(0f));
        Assert.That(norm.Bias.Grad.ToHost(), Has.Some.Not.EqualTo(0f));
    }

    [Test]
    public void Without_gradients_nothing_is_recorded()
    {
        using var x = Device.FromHost([1f, 2f, 4f, -1f, 0f, 1f], 2, 3);
        using var gamma = Device.FromHost([1f, 1f, 1f], 1, 3);
        using var beta = Device.Zeros(1, 3);
        using var y = Ops.LayerNorm(x, gamma, beta);
        Assert.That(y.RequiresGrad, Is.False);
        GradCheck.AssertClose(y.ToHost(), Reference.LayerNorm([1, 2, 4, -1, 0, 1], [1, 1, 1], [0, 0, 0], 2, 3, Eps).Y, 1e-5, 1e-5);
    }

    [Test]
    public void Bad_operands_are_one_line_errors()
    {
        using var x = Device.Zeros(2, 3, requiresGrad: true);
        using var gamma = Device.Zeros(1, 3, requiresGrad: true);
        using var beta = Device.Zeros(1, 3, requiresGrad: true);
        using var wide = Device.Zeros(1, 4, requiresGrad: true);
        using var frozen = Device.Zeros(1, 3);
        using (Device.BeginScope())
        {
            Errors.AssertOneLine(() => Ops.LayerNorm(x, wide, beta), "layer norm: gamma is [1, 4] but [1, 3] expected");
            Errors.AssertOneLine(() => Ops.LayerNorm(x, gamma, wide), "layer norm: beta is [1, 4] but [1, 3] expected");
            Errors.AssertOneLine(() => Ops.LayerNorm(x, gamma, frozen), "gamma and beta must both require a gradient or neither");
            Errors.AssertOneLine(() => Ops.LayerNorm(x, gamma, beta, eps: 0f), "layer norm eps must be positive");
        }
        Errors.AssertOneLine(() => new LayerNormLayer(Device, 0), "layer norm: features must be positive (got 0)");
    }

    private static float[] ToFloat(double[] values) => Array.ConvertAll(values, v => (float)v);
}
