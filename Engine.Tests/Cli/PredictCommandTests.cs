using System.Buffers.Binary;
using System.Text;
using ClusterGcn.Engine.Core.Checkpoints;
using ClusterGcn.Engine.Core.Datasets;
using ClusterGcn.Engine.Core.Devices;
using ClusterGcn.Engine.Core.Inference;
using ClusterGcn.Engine.Core.Models;
using ClusterGcn.Engine.Tests.Support;
using ClusterGcn.Engine.Tests.Training;

namespace ClusterGcn.Engine.Tests.Cli;

public sealed class PredictCommandTests
{
    private string dir = "";

    [SetUp]
    public void CreateDirectory() => dir = Directory.CreateTempSubdirectory("predict-cli-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(dir, recursive: true);

    private string File(string name) => Path.Combine(dir, name);

    [Test]
    public void Writes_the_saved_models_classes_probabilities_and_embeddings_as_npy()
    {
        var spec = new ModelSpec(GnnArchitecture.Sage, 16, 8, 4);
        EvaluateCommandTests.SaveDatasetAndModel(dir, spec);
        var (code, stdout, stderr) = CliTests.Run("predict", "--model", File("m.safetensors"), "--dataset", File("data"), "--device", "cpu",
            "--out", File("preds.npy"), "--probabilities", File("probs.npy"), "--embeddings", File("emb.npy"));
        Assert.That(stderr, Is.Empty);
        Assert.That(code, Is.Zero, stdout);
        Assert.That(stdout, Does.Contain("int32 [120] classes").And.Contain("float32 [120, 8] embeddings"));

        // The reference: the same seeded model, in memory, on the in-memory dataset the files were written from.
        using var dataset = PlantedDataset.Create(groups: 4, groupSize: 30);
        using var device = ComputeDevice.Open("cpu");
        using var model = ModelWeights.Build(Checkpoint.Load(File("m")), device);
        using var logits = LayerwiseInference.Logits(model, dataset);
        var argmax = Reference.Argmax(Array.ConvertAll(logits.ToHost(), v => (double)v), 120, 4);

        var (predsHeader, preds) = ReadNpy(File("preds.npy"));
        Assert.That(predsHeader, Does.Contain("'descr': '<i4'").And.Contain("'shape': (120,)"));
        Assert.That(Enumerable.Range(0, 120).Select(u => BinaryPrimitives.ReadInt32LittleEndian(preds.AsSpan(4 * u))), Is.EqualTo(argmax));

        var (probsHeader, probs) = ReadNpy(File("probs.npy"));
        Assert.That(probsHeader, Does.Contain("'descr': '<f4'").And.Contain("'shape': (120, 4"));
        float rowSum = Enumerable.Range(0, 4).Sum(j => BinaryPrimitives.ReadSingleLittleEndian(probs.AsSpan(4 * (7 * 4 + j))));
        Assert.That(rowSum, Is.EqualTo(1f).Within(1e-5f));

        var (embHeader, emb) = ReadNpy(File("emb.npy"));
        Assert.That(embHeader, Does.Contain("'shape': (120, 8"));
        Assert.That(emb, Has.Length.EqualTo(120 * 8 * 4));
        Assert.That(Directory.GetFiles(dir).Select(Path.GetFileName), Is.EquivalentTo(new[] { "m.json", "m.safetensors", "preds.npy", "probs.npy", "emb.npy" }),
            "no temporaries");
    }

    [Test]
    public void Bad_requests_are_one_line_and_exit_2()
    {
        EvaluateCommandTests.SaveDatasetAndModel(dir, new ModelSpec(GnnArchitecture.Gcn, 16, 8, 4, Layers: 1));
        string[] common = ["predict", "--model", File("m"), "--dataset", File("data"), "--device", "cpu"];
        EvaluateCommandTests.AssertOneLineExit2(CliTests.Run(common), "predict: --out is required");
        EvaluateCommandTests.AssertOneLineExit2(CliTests.Run([.. common, "--out", File("p.npy"), "--embeddings", File("e.npy")]),
            "predict: --embeddings: a 1-layer gcn (16 → 4) model has no hidden layer");
        System.IO.File.WriteAllText(File("m.json"), "not json");
        EvaluateCommandTests.AssertOneLineExit2(CliTests.Run([.. common, "--out", File("p.npy")]), "m.json: corrupt model config");
        Assert.That(System.IO.File.Exists(File("p.npy")), Is.False);
    }

    private static (string Header, byte[] Data) ReadNpy(string path)
    {
        byte[] bytes = System.IO.File.ReadAllBytes(path);
        int headerLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8));
        return (Encoding.ASCII.GetString(bytes, 10, headerLength), bytes[(10 + headerLength)..]);
    }
}
