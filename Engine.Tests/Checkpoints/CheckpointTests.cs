using System.Buffers;
using System.Text.Json;
using ClusterGcn.Engine.Core.Checkpoints;
using ClusterGcn.Engine.Core.Datasets;
using ClusterGcn.Engine.Core.Models;
using ClusterGcn.Engine.Tests.Support;

namespace ClusterGcn.Engine.Tests.Checkpoints;

public sealed class CheckpointTests
{
    private static readonly ModelConfig Sage = new(new ModelSpec(GnnArchitecture.Sage, InputFeatures: 10, Hidden: 8, Classes: 3, Layers: 2),
        Training: new TrainingInfo(Epoch: 12, Seed: 7, ValidationScore: 0.875, Dataset: "toy"));

    private static readonly ModelConfig Gcn = new(new ModelSpec(GnnArchitecture.Gcn, InputFeatures: 10, Hidden: 8, Classes: 3, Layers: 2,
        Normalization: GcnNormalization.DiagonalEnhancement, DiagonalLambda: 1f), FeaturePreprocessing.RowNormalize);

    private static ModelConfig With(ModelConfig config, Func<ModelSpec, ModelSpec> change) => config with { Model = change(config.Model) };

    private string dir = "";
    private string model = "";

    [SetUp]
    public void CreateDirectory()
    {
        dir = Directory.CreateTempSubdirectory("checkpoint-").FullName;
        model = Path.Combine(dir, "model");
    }

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(dir, recursive: true);

    /// <summary>Random weights with the names and shapes <paramref name="config"/> needs.</summary>
    internal static NamedTensor[] Weights(ModelConfig config, int seed = 1)
    {
        var random = new Random(seed);
        return [.. config.Parameters().Select(p =>
            new NamedTensor(p.Name, p.Shape, Enumerable.Range(0, p.Shape.Aggregate(1, (a, b) => a * b)).Select(_ => random.NextSingle() - 0.5f).ToArray()))];
    }

    [Test]
    public void Parameters_are_named_and_shaped_as_pytorch_geometric_does()
    {
        Assert.That(Sage.Parameters(), Is.EqualTo(new (string, int[])[]
        {
            ("convs.0.lin_l.weight", [8, 10]), ("convs.0.lin_l.bias", [8]), ("convs.0.lin_r.weight", [8, 10]),
            ("convs.1.lin_l.weight", [3, 8]), ("convs.1.lin_l.bias", [3]), ("convs.1.lin_r.weight", [3, 8]),
        }));
        Assert.That(Gcn.Parameters(), Is.EqualTo(new (string, int[])[]
        {
            ("convs.0.lin.weight", [8, 10]), ("convs.0.bias", [8]), ("convs.1.lin.weight", [3, 8]), ("convs.1.bias", [3]),
        }));
        Assert.That(With(Sage, m => m with { Layers = 1 }).Parameters().Select(p => p.Shape), Is.EqualTo(new[] { new[] { 3, 10 }, [3], [3, 10] }));
    }

    [TestCase("m"), TestCase("m.safetensors"), TestCase("m.json")]
    public void A_model_path_with_or_without_an_extension_names_the_same_pair(string name)
    {
        Assert.That(Checkpoint.Files(Path.Combine("runs", name)),
            Is.EqualTo((Path.Combine("runs", "m.safetensors"), Path.Combine("runs", "m.json"))));
    }

    [Test]
    public void Save_then_load_gives_the_same_config_and_weights()
    {
        foreach (var config in new[] { Sage, Gcn })
        {
            var weights = Weights(config);
            Checkpoint.Save(model, config, weights);
            var loaded = Checkpoint.Load(model + ".safetensors");
            Assert.That(loaded.Config, Is.EqualTo(config));
            Assert.That(loaded.Tensors.Select(t => t.Name), Is.EqualTo(config.Parameters().Select(p => p.Name)));
            foreach (var tensor in weights)
            {
                Assert.That(loaded[tensor.Name].Shape, Is.EqualTo(tensor.Shape));
                Assert.That(loaded[tensor.Name].Data.ToArray(), Is.EqualTo(tensor.Data.ToArray()), tensor.Name);
            }
        }
        Assert.That(Directory.GetFiles(dir).Select(Path.GetFileName), Is.EquivalentTo(new[] { "model.safetensors", "model.json" }),
            "the two files and no temporaries");
    }

    [Test]
    public void Saving_into_a_directory_not_there_yet_creates_it()
    {
        string nested = Path.Combine(dir, "runs", "cora", "best");
        Checkpoint.Save(nested, Gcn, Weights(Gcn));
        Assert.That(Checkpoint.Load(nested).Config, Is.EqualTo(Gcn));
    }

    [Test]
    public void The_config_is_plain_json_with_the_weights_checksum()
    {
        Checkpoint.Save(model, Sage, Weights(Sage));
        using var json = JsonDocument.Parse(File.ReadAllText(model + ".json"));
        var root = json.RootElement;
        Assert.That(root.GetProperty("format").GetString(), Is.EqualTo("cgcn-model"));
        Assert.That(root.GetProperty("version").GetInt32(), Is.EqualTo(Checkpoint.FormatVersion));
        Assert.That(root.GetProperty("weightsSha256").GetString(), Is.EqualTo(SafeTensorsFile.Read(model + ".safetensors").DataSha256));
        var config = root.GetProperty("model");
        Assert.That(config.GetProperty("architecture").GetString(), Is.EqualTo("sage"));
        Assert.That(config.GetProperty("hidden").GetInt32(), Is.EqualTo(8));
        Assert.That(config.GetProperty("normalization").GetString(), Is.EqualTo("symmetric"));
        Assert.That(config.TryGetProperty("weightedAdjacency", out _), Is.False, "computed properties stay out of the file");
        Assert.That(root.GetProperty("featurePreprocessing").GetString(), Is.EqualTo("none"));
        Assert.That(root.GetProperty("training").GetProperty("validationScore").GetDouble(), Is.EqualTo(0.875));
        Assert.That(SafeTensorsFile.Read(model + ".safetensors").Metadata, Is.EqualTo(new Dictionary<string, string> { ["format"] = "pt" }));
    }

    [Test]
    public void A_config_written_by_hand_without_a_checksum_loads_weights_trained_elsewhere()
    {
        var weights = Weights(Gcn);
        SafeTensorsFile.Save(model + ".safetensors", weights);
        File.WriteAllText(model + ".json", """
            {"format": "cgcn-model", "version": 1,
             "model": {"architecture": "gcn", "inputFeatures": 10, "hidden": 8, "classes": 3, "layers": 2}}
            """);
        var loaded = Checkpoint.Load(model);
        Assert.That(loaded.Config, Is.EqualTo(new ModelConfig(new ModelSpec(GnnArchitecture.Gcn, 10, 8, 3, 2))));
        Assert.That(loaded["convs.1.bias"].Data.ToArray(), Is.EqualTo(weights[3].Data.ToArray()));
    }

    [Test]
    public void Weights_of_another_architecture_are_one_line()
    {
        Checkpoint.Save(model, Sage, Weights(Sage));
        Checkpoint.Save(model + "-gcn", Gcn, Weights(Gcn));
        File.Copy(model + "-gcn.safetensors", model + ".safetensors", overwrite: true);
        var error = Assert.Throws<InvalidDataException>(() => Checkpoint.Load(model))!;
        Assert.That(error.Message, Does.StartWith(model + ".safetensors: no tensor 'convs.0.lin_l.weight', which a 2-layer sage (10 → 8 → 3) model needs")
            .And.Contain("found convs.0.bias, convs.0.lin.weight").And.Contain("another architecture").And.Not.Contain('\n'));
    }

    [Test]
    public void Weights_of_another_size_are_one_line()
    {
        Checkpoint.Save(model, Sage, Weights(Sage));
        var wide = With(Sage, m => m with { Hidden = 16 });
        Checkpoint.Save(model + "-wide", wide, Weights(wide));
        File.Copy(model + "-wide.safetensors", model + ".safetensors", overwrite: true);
        var error = Assert.Throws<InvalidDataException>(() => Checkpoint.Load(model))!;
        Assert.That(error.Message, Does.Contain("tensor 'convs.0.lin_l.weight' has shape [16, 10], but a 2-layer sage (10 → 8 → 3) model needs [8, 10]"));
    }

    [Test]
    public void An_extra_tensor_is_one_line()
    {
        SafeTensorsFile.Save(model + ".safetensors", [.. Weights(Gcn), new NamedTensor("convs.2.bias", [3], new float[3])]);
        File.WriteAllText(model + ".json", """{"format":"cgcn-model","version":1,"model":{"architecture":"gcn","inputFeatures":10,"hidden":8,"classes":3,"layers":2}}""");
        Assert.That(() => Checkpoint.Load(model), Throws.InstanceOf<InvalidDataException>().With.Message.Contains("unexpected tensor 'convs.2.bias'"));
    }

    [Test]
    public void Changed_weight_bytes_fail_the_checksum()
    {
        Checkpoint.Save(model, Sage, Weights(Sage));
        byte[] bytes = File.ReadAllBytes(model + ".safetensors");
        bytes[^3] ^= 0x10;
        File.WriteAllBytes(model + ".safetensors", bytes);
        Assert.That(() => Checkpoint.Load(model), Throws.InstanceOf<InvalidDataException>()
            .With.Message.EqualTo($"{model}.safetensors: the weights do not match the checksum in model.json (corrupt, or a save was interrupted)."));
    }

    public static IEnumerable<TestCaseData> BadConfigs()
    {
        TestCaseData Case(string name, string json, string fragment) => new TestCaseData(json, fragment).SetName($"BadConfig({name})");
        const string Model = """{"architecture":"sage","inputFeatures":10,"hidden":8,"classes":3,"layers":2}""";
        yield return Case("truncated", """{"format":"cgcn-model","version":1,"model":{"archit""", "corrupt model config");
        yield return Case("another file", """{"format":"cgcn-partition","version":1}""", "not a cgcn-model config");
        yield return Case("another version", """{"format":"cgcn-model","version":2,"model":""" + Model + "}", "format version 2; this build reads version 1");
        yield return Case("unknown architecture", """{"format":"cgcn-model","version":1,"model":{"architecture":"gat","inputFeatures":10,"hidden":8,"classes":3,"layers":2}}""", "corrupt model config");
        yield return Case("missing size", """{"format":"cgcn-model","version":1,"model":{"architecture":"sage","inputFeatures":10,"hidden":8,"layers":2}}""", "classes");
        yield return Case("unknown field", """{"format":"cgcn-model","version":1,"model":{"architecture":"sage","inputFeatures":10,"hidden":8,"classes":3,"layers":2,"heads":4}}""", "heads");
        yield return Case("zero layers", """{"format":"cgcn-model","version":1,"model":{"architecture":"sage","inputFeatures":10,"hidden":8,"classes":3,"layers":0}}""", "layers 0 must be ≥ 1");
        yield return Case("bad preprocessing", """{"format":"cgcn-model","version":1,"model":""" + Model + ""","featurePreprocessing":"pca"}""", "featurePreprocessing");
    }

    [TestCaseSource(nameof(BadConfigs))]
    public void A_bad_config_is_one_line_naming_it(string json, string fragment)
    {
        Checkpoint.Save(model, Sage, Weights(Sage));
        File.WriteAllText(model + ".json", json);
        var error = Assert.Throws<InvalidDataException>(() => Checkpoint.Load(model))!;
        Assert.That(error.Message, Does.StartWith(model + ".json: ").And.Contain(fragment).And.Not.Contain('\n'));
    }

    [Test]
    public void A_missing_file_names_it()
    {
        Checkpoint.Save(model, Sage, Weights(Sage));
        File.Delete(model + ".safetensors");
        Assert.That(() => Checkpoint.Load(model), Throws.InstanceOf<FileNotFoundException>().With.Message.StartsWith(model + ".safetensors: no such file"));
    }

    [Test]
    public void Saving_weights_that_do_not_fit_the_config_is_refused()
    {
        Errors.AssertOneLine(() => Checkpoint.Save(model, Sage, Weights(Gcn)), "no tensor 'convs.0.lin_l.weight'");
        Errors.AssertOneLine(() => Checkpoint.Save(model, With(Sage, m => m with { Dropout = 1 }), Weights(Sage)), "dropout 1 must be in [0, 1)");
        Assert.That(Directory.GetFiles(dir), Is.Empty);
    }

    [Test]
    public void A_save_that_fails_half_way_leaves_the_previous_checkpoint_intact()
    {
        Checkpoint.Save(model, Sage, Weights(Sage, seed: 1));
        byte[] weightsBefore = File.ReadAllBytes(model + ".safetensors"), configBefore = File.ReadAllBytes(model + ".json");

        // The last tensor in file order fails when its data is read, after the header and the other tensors are written.
        var weights = Weights(Sage, seed: 2);
        var last = weights.MaxBy(t => t.Name, StringComparer.Ordinal)!;
        weights[Array.IndexOf(weights, last)] = new NamedTensor(last.Name, last.Shape, new UnreadableMemory(last.Data.Length).Memory);
        Assert.Throws<IOException>(() => Checkpoint.Save(model, Sage with { Training = null }, weights));

        Assert.That(File.ReadAllBytes(model + ".safetensors"), Is.EqualTo(weightsBefore));
        Assert.That(File.ReadAllBytes(model + ".json"), Is.EqualTo(configBefore));
        Assert.That(Directory.GetFiles(dir), Has.Length.EqualTo(2), "no temporaries");
        Assert.That(Checkpoint.Load(model).Config, Is.EqualTo(Sage));
    }

    /// <summary>Memory whose contents cannot be read, as when a copy from a device fails.</summary>
    private sealed class UnreadableMemory(int length) : MemoryManager<float>
    {
        public new Memory<float> Memory => CreateMemory(length);

        public override Span<float> GetSpan() => throw new IOException("device copy failed");

        public override MemoryHandle Pin(int elementIndex = 0) => throw new IOException("device copy failed");

        public override void Unpin() { }

        protected override void Dispose(bool disposing) { }
    }

    // Random damage to either file of a saved model (a byte changed, inserted or deleted, the file cut short): loading
    // gives the saved weights, or fails with one line naming a file of the model, never another exception and never
    // other weights (the manifest's checksum covers the tensors).
    [TestCase("safetensors")]
    [TestCase("json")]
    public void A_damaged_model_loads_unchanged_or_fails_with_one_line(string which)
    {
        var weights = Weights(Sage);
        Checkpoint.Save(model, Sage, weights);
        string damaged = $"{model}.{which}";
        byte[] original = File.ReadAllBytes(damaged);
        var random = new Random(5);
        int loaded = 0, failed = 0;
        for (int trial = 0; trial < 300; trial++)
        {
            var (bytes, at) = FileDamage.Once(original, random);
            File.WriteAllBytes(damaged, bytes);
            try
            {
                var checkpoint = Checkpoint.Load(model);
                foreach (var tensor in weights)
                    Assert.That(checkpoint[tensor.Name].Data.ToArray(), Is.EqualTo(tensor.Data.ToArray()), $"trial {trial}: {tensor.Name}");
                loaded++;
            }
            catch (InvalidDataException error)
            {
                Assert.That(error.Message, Does.StartWith(model).And.Not.Contain('\n').And.Not.Contain('\0'), $"trial {trial}: byte {at}");
                failed++;
            }
        }
        Assert.That(failed, Is.GreaterThan(100), $"{loaded} loaded");
    }


    [Test]
    public void A_config_string_of_invalid_utf8_is_a_one_line_error()
    {
        Checkpoint.Save(model, Sage, Weights(Sage));
        byte[] json = File.ReadAllBytes(model + ".json");
        int at = Array.IndexOf(json, (byte)'c', Array.IndexOf(json, (byte)':')); // the first letter of the format's value
        json[at] = 0xFF;
        File.WriteAllBytes(model + ".json", json);
        var error = Assert.Throws<InvalidDataException>(() => Checkpoint.Load(model))!;
        Assert.That(error.Message, Does.StartWith(model + ".json: corrupt model config").And.Not.Contain('\n'));
    }

}
