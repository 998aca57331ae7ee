using ClusterGcn.Engine.Core.Checkpoints;
using ClusterGcn.Engine.Core.Devices;
using ClusterGcn.Engine.Core.Models;

namespace ClusterGcn.Engine.Tests.Checkpoints;

public sealed class ModelWeightsTests
{
    private ComputeDevice device = null!;
    private string dir = "";

    [OneTimeSetUp]
    public void OpenDevice() => device = ComputeDevice.Open("cpu");

    [OneTimeTearDown]
    public void CloseDevice() => device.Dispose();

    [SetUp]
    public void CreateDirectory() => dir = Directory.CreateTempSubdirectory("weights-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(dir, recursive: true);

    public static IEnumerable<TestCaseData> Specs()
    {
        yield return new TestCaseData(new ModelSpec(GnnArchitecture.Sage, 6, 5, 3, Layers: 3, Residual: true)).SetName("Specs(sage, 3 layers)");
        yield return new TestCaseData(new ModelSpec(GnnArchitecture.Gcn, 6, 5, 3, Normalization: GcnNormalization.DiagonalEnhancement, DiagonalLambda: 0.5f)).SetName("Specs(gcn)");
        yield return new TestCaseData(new ModelSpec(GnnArchitecture.Sage, 4, 9, 2, Layers: 1)).SetName("Specs(sage, 1 layer)");
        yield return new TestCaseData(new ModelSpec(GnnArchitecture.Sage, 6, 5, 3, Layers: 3, LayerNorm: true)).SetName("Specs(sage, layer norm)");
        yield return new TestCaseData(new ModelSpec(GnnArchitecture.Mlp, 6, 5, 3)).SetName("Specs(mlp)");
    }

    [TestCaseSource(nameof(Specs))]
    public void The_config_names_and_shapes_every_parameter_of_the_model_transposed(ModelSpec spec)
    {
        using var model = new GnnModel(device, spec, seed: 5);
        var expected = new ModelConfig(spec).Parameters();
        Assert.That(model.Parameters.Select(p => p.Name), Is.EqualTo(expected.Select(p => p.Name)));
        var tensors = ModelWeights.Of(model);
        Assert.That(tensors.Select(t => t.Shape), Is.EqualTo(expected.Select(p => p.Shape)), "PyTorch shapes");
        for (int i = 0; i < tensors.Length; i++)
            if (model.Parameters[i].IsWeight)
                Assert.That(tensors[i].Shape, Is.EqualTo(new[] { model.Parameters[i].Value.Cols, model.Parameters[i].Value.Rows }), "[out, in] of an [in, out] weight");
    }

    [TestCaseSource(nameof(Specs))]
    public void A_saved_model_is_rebuilt_with_the_same_parameters(ModelSpec spec)
    {
        using var model = new GnnModel(device, spec, seed: 5);
        string path = Path.Combine(dir, "m");
        Checkpoint.Save(path, new ModelConfig(spec), ModelWeights.Of(model));
        using var rebuilt = ModelWeights.Build(Checkpoint.Load(path), device);
        Assert.That(rebuilt.Spec, Is.EqualTo(spec));
        Assert.That(rebuilt.Snapshot(), Is.EqualTo(model.Snapshot()));
    }

    [Test]
    public void A_weight_is_stored_as_torch_nn_linear_stores_it()
    {
        using var model = new GnnModel(device, new ModelSpec(GnnArchitecture.Gcn, 3, 2, 2, Layers: 1), seed: 5);
        float[] w = model.Parameters[0].Value.ToHost(); // [in 3, out 2]: w[i * 2 + o]
        var stored = ModelWeights.Of(model)[0];
        Assert.That(stored.Name, Is.EqualTo("convs.0.lin.weight"));
        Assert.That(stored.Data.ToArray(), Is.EqualTo(new[] { w[0], w[2], w[4], w[1], w[3], w[5] }), "row o holds W[:, o]");
    }

    [Test]
    public void A_snapshot_of_another_model_is_refused()
    {
        using var model = new GnnModel(device, new ModelSpec(GnnArchitecture.Gcn, 3, 2, 2), seed: 5);
        Assert.That(() => ModelWeights.FromSnapshot(model, [new float[6]]), Throws.ArgumentException.With.Message.Contains("1 arrays for 4 parameters"));
    }
}
