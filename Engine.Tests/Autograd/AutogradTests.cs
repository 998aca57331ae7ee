using ClusterGcn.Engine.Core.Autograd;
using ClusterGcn.Engine.Core.Tensors;
using ClusterGcn.Engine.Kernels;
using ClusterGcn.Engine.Kernels.Sparse;
using ClusterGcn.Engine.Tests.Support;

namespace ClusterGcn.Engine.Tests.Autograd;

/// <summary>Tape.Backward through the ops, against float64 central differences of the same function.</summary>
public sealed class AutogradTests(string kind) : DeviceKindFixture(kind)
{
    // float32 forward and backward against a float64 oracle on O(1) values.
    private const double Rtol = 1e-3, Atol = 2e-5;

    [Test]
    public void Sage_composite_gradients_of_every_parameter_match_central_differences()
    {
        using var problem = new SageComposite(Device);
        var values = SageComposite.InitialParameters();
        var parameters = problem.Upload(values);
        try
        {
            using (Device.BeginScope())
            {
                var loss = problem.Loss(parameters);
                Tape.Backward(loss);
                Assert.That(loss.ReadScalar(), Is.EqualTo(problem.Loss64(values)).Within(1e-5));
            }
            for (int i = 0; i < values.Length; i++)
            {
                var numeric = GradCheck.Numeric(_ => problem.Loss64(values), values[i]);
                GradCheck.AssertClose(parameters[i].Grad.ToHost(), numeric, Rtol, Atol, $"gradient of parameter {i}");
            }
            Assert.That(problem.InputFeatures.HasGrad, Is.False, "input features require no gradient and get none");
        }
        finally
        {
            foreach (var p in parameters) p.Dispose();
        }
    }

    [Test]
    public void Gather_spmm_sigmoid_bce_gradients_match_central_differences()
    {
        // loss = bce(spmm(Â, gather(E, ids))·W + b, T): E is a trainable table, so the gather scatters its gradient back.
        const int tableRows = 9, width = 3, classes = 2;
        int[] ids = [4, 0, 8, 2, 6, 1, 7];
        int[] mask = [1, 1, 0, 1, 1, 1, 1];
        var a = GraphFactories.RandomRectangular(5, ids.Length, seed: 3);
        double[] table = Reference.Float32(Reference.Uniform(tableRows * width, seed: 4));
        double[] w = Reference.Float32(Reference.Uniform(width * classes, seed: 5));
        double[] b = Reference.Float32(Reference.Uniform(classes, seed: 6));
        double[] targets = Reference.Float32(Reference.Uniform(a.Rows * classes, seed: 7, lo: 0, hi: 1));
        var aValues = Reference.Float32(a.RequireValues());
        int[] rowMask = mask[..a.Rows];

        double Loss64()
        {
            var y = Reference.Spmm(a with { Values = aValues }, Reference.GatherRows(table, width, ids), width);
            var logits = Reference.AddBias(Reference.MatMul(MatMulForm.AB, y, w, a.Rows, width, classes), b, a.Rows, classes);
            return Reference.SigmoidBce(logits, targets, a.Rows, classes, rowMask).Loss;
        }

        using var csr = DeviceCsr.Create(Device.Accelerator, a.RowPtr, a.ColIdx, a.Cols, Array.ConvertAll(aValues, v => (float)v));
        using var index = DeviceIndex.Create(Device.Accelerator, ids, tableRows);
        using var maskBuffer = DeviceBuffers.Upload<int>(Device.Accelerator, rowMask);
        using var tableT = Device.FromHost(ToFloat(table), tableRows, width, requiresGrad: true);
        using var wT = Device.FromHost(ToFloat(w), width, classes, requiresGrad: true);
        using var bT = Device.FromHost(ToFloat(b), 1, classes, requiresGrad: true);
        using (Device.BeginScope())
        {
            var targetsT = Device.FromHost(ToFloat(targets), a.Rows, classes);
            var loss = Ops.SigmoidBce(Ops.AddBias(Ops.MatMul(Ops.Spmm(csr, Ops.GatherRows(tableT, index)), wT), bT), targetsT, maskBuffer.View);
            Tape.Backward(loss);
            Assert.That(loss.ReadScalar(), Is.EqualTo(Loss64()).Within(1e-5));
            Assert.That(targetsT.HasGrad, Is.False);
        }
        GradCheck.AssertClose(tableT.Grad.ToHost(), GradCheck.Numeric(_ => Loss64(), table), Rtol, Atol, "table gradient");
        GradCheck.AssertClose(wT.Grad.ToHost(), GradCheck.Numeric(_ => Loss64(), w), Rtol, Atol, "weight gradient");
        GradCheck.AssertClose(bT.Grad.ToHost(), GradCheck.Numeric(_ => Loss64(), b), Rtol, Atol, "bias gradient");
    }

    [Test]
    public void Gradients_accumulate_across_backward_calls_until_zeroed()
    {
        using var problem = new SageComposite(Device);
        var parameters = problem.Upload(SageComposite.InitialParameters());
        try
        {
            float[][] once, twice, sameGraphTwice;
            using (Device.BeginScope())
            {
                Tape.Backward(problem.Loss(parameters));
                once = [.. parameters.Select(p => p.Grad.ToHost())];
                Tape.Backward(problem.Loss(parameters)); // a second forward pass
                twice = [.. parameters.Select(p => p.Grad.ToHost())];
            }
            foreach (var p in parameters) p.ZeroGrad();
            Assert.That(parameters[0].Grad.ToHost(), Is.All.EqualTo(0f), "ZeroGrad clears");
            using (Device.BeginScope())
            {
                var loss = problem.Loss(parameters);
                Tape.Backward(loss);
                Tape.Backward(loss); // the same graph again: intermediates restart, leaves accumulate
                sameGraphTwice = [.. parameters.Select(p => p.Grad.ToHost())];
            }
            for (int i = 0; i < parameters.Length; i++)
            {
                var doubled = Array.ConvertAll(once[i], v => 2.0 * v);
                GradCheck.AssertClose(twice[i], doubled, 1e-5, 1e-7, $"parameter {i} after two passes");
                GradCheck.AssertClose(sameGraphTwice[i], doubled, 1e-5, 1e-7, $"parameter {i} after two backward calls on one graph");
            }
        }
        finally
        {
            foreach (var p in parameters) p.Dispose();
        }
    }

    [Test]
    public void Tensors_that_do_not_require_grad_get_none_and_record_nothing()
    {
        using var x = Device.FromHost([1f, -2f, 3f, -4f], 2, 2);
        using var w = Device.FromHost([1f, 0f, 0f, 1f], 2, 2, requiresGrad: true);
        using (Device.BeginScope())
        {
            var inference = Ops.Relu(Ops.MatMul(x, x));
            Assert.That(inference.RequiresGrad, Is.False);
            var y = Ops.Relu(Ops.MatMul(x, w));
            Assert.That(y.RequiresGrad, Is.True);
            Assert.That(() => Tape.Backward(y), Throws.ArgumentException, "a 2 × 2 result is not a loss");
        }
        Assert.That(x.HasGrad, Is.False);
        Assert.That(() => x.Grad, Throws.InvalidOperationException);
    }

    [Test]
    public void Dropout_outside_training_is_the_identity()
    {
        using var x = Device.FromHost([1f, 2f, 3f], 1, 3, requiresGrad: true);
        Assert.That(Ops.Dropout(x, 0.5f, seed: 1, training: false), Is.SameAs(x));
    }

    private static float[] ToFloat(double[] values) => Array.ConvertAll(values, v => (float)v);
}
