using ClusterGcn.Engine.Core.Autograd;
using ClusterGcn.Engine.Core.Models;
using ClusterGcn.Engine.Kernels;
using ClusterGcn.Engine.Tests.Autograd;
using ClusterGcn.Engine.Tests.Support;

namespace ClusterGcn.Engine.Tests.Models;

/// <summary>Both convolutions, every normalisation, both losses: the model's logits against the float64
/// <see cref="ModelReference"/>, and its gradients against central differences of that reference.</summary>
public sealed class GnnModelTests(string kind) : DeviceKindFixture(kind)
{
    private const double Rtol = 1e-3, Atol = 2e-5;
    private const ulong DropoutSeed = 11;

    // Grid(3, 4): 12 nodes of degree 2..4. Labels −1 and mask 0 rows must not count.
    private static readonly HostCsr Graph = GraphFactories.Grid(3, 4);
    private static readonly int[] Labels = [0, 2, 1, 1, -1, 2, 2, 1, 0, 0, 1, 2];
    private static readonly int[] Mask = [1, 1, 0, 1, 1, 1, 0, 1, 1, 1, 1, 1];

    public static IEnumerable<TestCaseData> Specs()
    {
        // F = 5 > H = 4 projects before aggregating in layer 0; F = 3 < H = 6 aggregates first. 3 layers give a hidden → hidden layer.
        yield return new TestCaseData(new ModelSpec(GnnArchitecture.Sage, 5, 4, 3, Layers: 3, Dropout: 0.25f, Residual: true)).SetName("sage, residual, 5-4-4-3");
        yield return new TestCaseData(new ModelSpec(GnnArchitecture.Sage, 3, 6, 3, Layers: 2, Dropout: 0f)).SetName("sage, 3-6-3");
        yield return new TestCaseData(new ModelSpec(GnnArchitecture.Gcn, 5, 4, 3, Layers: 3, Dropout: 0.25f, Normalization: GcnNormalization.Symmetric)).SetName("gcn symmetric");
        yield return new TestCaseData(new ModelSpec(GnnArchitecture.Gcn, 3, 6, 3, Layers: 2, Dropout: 0.25f, Residual: true,
            Normalization: GcnNormalization.DiagonalEnhancement, DiagonalLambda: 0.5f)).SetName("gcn diagonal enhancement");
        yield return new TestCaseData(new ModelSpec(GnnArchitecture.Gcn, 5, 4, 3, Layers: 2, Dropout: 0.1f, Normalization: GcnNormalization.Mean)).SetName("gcn mean");
        yield return new TestCaseData(new ModelSpec(GnnArchitecture.Sage, 5, 4, 3, Layers: 2, Dropout: 0.25f, MultiLabel: true)).SetName("sage multi-label");
        yield return new TestCaseData(new ModelSpec(GnnArchitecture.Sage, 5, 4, 3, Layers: 3, Dropout: 0.25f, Residual: true, LayerNorm: true)).SetName("sage, layer norm, residual");
        yield return new TestCaseData(new ModelSpec(GnnArchitecture.Mlp, 5, 4, 3, Layers: 2, Dropout: 0.25f, LayerNorm: true)).SetName("mlp, layer norm");
    }

    [TestCaseSource(nameof(Specs))]
    public void Logits_and_parameter_gradients_match_the_float64_reference(ModelSpec spec)
    {
        int n = Graph.Rows;
        var adjacency = HostAdjacency.Prepare(spec, Graph.RowPtr, Graph.ColIdx, n, 0, u => Graph.Degree(u));
        double[] x = Reference.Float32(Reference.Uniform(n * spec.InputFeatures, seed: 3));
        double[] targets = [.. Enumerable.Range(0, n * spec.Classes).Select(i => (double)(i * 7 % 3 == 0 ? 1 : 0))];

        using var model = new GnnModel(Device, spec, seed: 5);
        using var csr = adjacency.Upload(Device.Accelerator, withTranspose: true);
        using var features = Device.FromHost(Array.ConvertAll(x, v => (float)v), n, spec.InputFeatures);
        using var targetsOnDevice = spec.MultiLabel
            ? NodeTargets.Multi(Device, Array.ConvertAll(targets, v => (float)v), spec.Classes)
            : NodeTargets.Single(Device, Labels);
        using var mask = DeviceBuffers.Upload<int>(Device.Accelerator, Mask);
        double[][] parameters = [.. model.Snapshot().Select(p => Array.ConvertAll(p, v => (double)v))];

        double Loss64()
        {
            var logits = ModelReference.Forward(spec, adjacency, x, parameters, training: true, DropoutSeed);
            return spec.MultiLabel
                ? Reference.SigmoidBce(logits, targets, n, spec.Classes, Mask).Loss
                : Reference.LogSoftmaxNll(logits, n, spec.Classes, Labels, Mask).Loss;
        }

        using (Device.BeginScope())
        {
            var logits = model.Forward(csr, features, training: true, DropoutSeed);
            GradCheck.AssertClose(logits.ToHost(), ModelReference.Forward(spec, adjacency, x, parameters, true, DropoutSeed), Rtol, Atol, "logits");
            var loss = targetsOnDevice.Loss(logits, mask.View);
            Tape.Backward(loss);
            Assert.That(loss.ReadScalar(), Is.EqualTo(Loss64()).Within(1e-5));
        }
        for (int i = 0; i < parameters.Length; i++)
            GradCheck.AssertClose(model.Parameters[i].Value.Grad.ToHost(), GradCheck.Numeric(_ => Loss64(), parameters[i]), Rtol, Atol,
                model.Parameters[i].Name);
        Assert.That(features.HasGrad, Is.False, "no gradient is computed for the input features");
    }

    [Test]
    public void Parameters_carry_pytorch_geometric_names_and_seeded_glorot_values()
    {
        var spec = new ModelSpec(GnnArchitecture.Sage, 6, 8, 3);
        using var sage = new GnnModel(Device, spec, seed: 1);
        using var same = new GnnModel(Device, spec, seed: 1);
        using var other = new GnnModel(Device, spec, seed: 2);
        using var gcn = new GnnModel(Device, spec with { Architecture = GnnArchitecture.Gcn }, seed: 1);

        Assert.That(sage.Parameters.Select(p => p.Name), Is.EqualTo(new[]
            { "convs.0.lin_l.weight", "convs.0.lin_l.bias", "convs.0.lin_r.weight", "convs.1.lin_l.weight", "convs.1.lin_l.bias", "convs.1.lin_r.weight" }));
        Assert.That(gcn.Parameters.Select(p => p.Name), Is.EqualTo(new[] { "convs.0.lin.weight", "convs.0.bias", "convs.1.lin.weight", "convs.1.bias" }));
        Assert.That(sage.Parameters.Select(p => (p.Value.Rows, p.Value.Cols)), Is.EqualTo(new[] { (6, 8), (1, 8), (6, 8), (8, 3), (1, 3), (8, 3) }));

        var first = sage.Snapshot();
        Assert.That(same.Snapshot(), Is.EqualTo(first));
        Assert.That(other.Snapshot()[0], Is.Not.EqualTo(first[0]));
        float limit = MathF.Sqrt(6f / (6 + 8));
        Assert.That(first[0], Is.All.InRange(-limit, limit));
        Assert.That(first[0].Select(v => Math.Abs(v)).Max(), Is.GreaterThan(0.8f * limit), "spread over the Glorot range");
        Assert.That(first[1], Is.All.EqualTo(0f), "biases start at zero");
        Assert.That(first[0], Is.Not.EqualTo(first[2]), "W_l and W_r are drawn independently");
    }

    [Test]
    public void Restore_brings_back_a_snapshot_and_refuses_other_shapes()
    {
        using var model = new GnnModel(Device, new ModelSpec(GnnArchitecture.Gcn, 4, 4, 2), seed: 1);
        var saved = model.Snapshot();
        model.Restore([.. saved.Select(p => p.Select(v => v + 1).ToArray())]);
        Assert.That(model.Snapshot()[0][0], Is.EqualTo(saved[0][0] + 1));
        model.Restore(saved);
        Assert.That(model.Snapshot(), Is.EqualTo(saved));
        Assert.That(() => model.Restore(saved[..1]), Throws.ArgumentException.With.Message.Contains("1 tensors for 4 parameters"));
    }
}
