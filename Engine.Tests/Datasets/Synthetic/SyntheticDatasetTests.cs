using ClusterGcn.Engine.Core.Datasets;
using ClusterGcn.Engine.Core.Datasets.Synthetic;
using ClusterGcn.Engine.Tests.Support;

namespace ClusterGcn.Engine.Tests.Datasets.Synthetic;

public sealed class SyntheticDatasetTests
{
    private static readonly string[] Files = ["edge_index.npy", "x.npy", "y.npy", "train_mask.npy", "val_mask.npy", "test_mask.npy", "meta.json"];

    private string dir = "";

    [SetUp]
    public void CreateDirectory() => dir = Directory.CreateTempSubdirectory("synthetic-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(dir, recursive: true);

    private string Write(SyntheticPreset preset, ulong seed, int threads, string name)
    {
        string outDir = Path.Combine(dir, name);
        SyntheticDataset.Write(preset, seed, outDir, threads);
        return outDir;
    }

    [Test]
    public void Same_seed_same_bytes_on_any_thread_count_other_seeds_differ()
    {
        string one = Write(SyntheticPreset.Small, 5, threads: 1, "one"), three = Write(SyntheticPreset.Small, 5, threads: 3, "three");
        string other = Write(SyntheticPreset.Small, 6, threads: 0, "other");
        foreach (string file in Files)
        {
            byte[] bytes = File.ReadAllBytes(Path.Combine(one, file));
            Assert.That(File.ReadAllBytes(Path.Combine(three, file)), Is.EqualTo(bytes), file);
            if (file != "meta.json") Assert.That(File.ReadAllBytes(Path.Combine(other, file)), Is.Not.EqualTo(bytes), file);
        }
        Assert.That(Directory.GetFiles(one).Select(Path.GetFileName), Is.EquivalentTo(Files), "these files and no temporaries");
    }

    [Test]
    public void Files_have_the_layouts_dtypes_and_counts_of_the_preset()
    {
        var preset = SyntheticPreset.Tiny;
        var counts = SyntheticDataset.Write(preset, 1, dir);
        var edges = NpyArray.Read(Path.Combine(dir, "edge_index.npy"));
        var x = NpyArray.Read(Path.Combine(dir, "x.npy"));
        var y = NpyArray.Read(Path.Combine(dir, "y.npy"));
        Assert.That((edges.Descr, edges.Shape), Is.EqualTo(("<i8", new[] { 2, counts.Edges })));
        Assert.That((x.Descr, x.Shape), Is.EqualTo(("<f4", new long[] { preset.Nodes, preset.Features })));
        Assert.That((y.Descr, y.Shape), Is.EqualTo(("<i8", new long[] { preset.Nodes })));
        foreach (string mask in new[] { "train_mask.npy", "val_mask.npy", "test_mask.npy" })
        {
            var read = NpyArray.Read(Path.Combine(dir, mask));
            Assert.That((read.Descr, read.Shape), Is.EqualTo(("|b1", new long[] { preset.Nodes })), mask);
            Assert.That(read.Data, Is.All.InRange(0, 1), mask);
        }
        Assert.That(counts.Edges / 2, Is.InRange(preset.Edges * 0.9, preset.Edges * 1.1));
        Assert.That(x.As<float>(), Is.All.Matches<float>(float.IsFinite));

        using var meta = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "meta.json")));
        var root = meta.RootElement;
        Assert.That(root.GetProperty("preset").GetString(), Is.EqualTo("tiny"));
        Assert.That(root.GetProperty("seed").GetUInt64(), Is.EqualTo(1));
        Assert.That(root.GetProperty("nodes").GetInt32(), Is.EqualTo(preset.Nodes));
        Assert.That(root.GetProperty("edges").GetInt64(), Is.EqualTo(counts.Edges));
        Assert.That(root.GetProperty("train").GetInt32(), Is.EqualTo(counts.Train));
    }

    [Test]
    public void Edges_are_symmetric_in_range_without_self_loops_or_duplicates()
    {
        SyntheticDataset.Write(SyntheticPreset.Tiny, 1, dir);
        long[] edges = NpyArray.Read(Path.Combine(dir, "edge_index.npy")).As<long>();
        int entries = edges.Length / 2, n = SyntheticPreset.Tiny.Nodes;
        var pairs = new HashSet<(long, long)>();
        for (int i = 0; i < entries; i++)
        {
            long u = edges[i], v = edges[entries + i];
            Assert.That(u, Is.InRange(0, n - 1));
            Assert.That(v, Is.InRange(0, n - 1));
            Assert.That(u, Is.Not.EqualTo(v), "self-loop");
            Assert.That(pairs.Add((u, v)), $"duplicate ({u}, {v})");
            if (i > 0) Assert.That(u, Is.GreaterThanOrEqualTo(edges[i - 1]), "sources ascending (CSR order)");
        }
        Assert.That(pairs.All(p => pairs.Contains((p.Item2, p.Item1))), "every edge in both directions");
    }

    [Test]
    public void The_split_is_66_10_24_disjoint_and_covers_every_node_labels_in_range()
    {
        var preset = SyntheticPreset.Small;
        using var data = SyntheticDataset.Create(preset, 3);
        int[] train = NodeSplit.Nodes(data.Split.Train), validation = NodeSplit.Nodes(data.Split.Validation), test = NodeSplit.Nodes(data.Split.Test);
        Assert.That(train, Has.Length.EqualTo(13_200));
        Assert.That(validation, Has.Length.EqualTo(2_000));
        Assert.That(test, Has.Length.EqualTo(4_800));
        Assert.That(train.Concat(validation).Concat(test).Order(), Is.EqualTo(Enumerable.Range(0, preset.Nodes)), "disjoint, and every node in one");
        Assert.That(train.Count(u => u < preset.Nodes / 10), Is.InRange(1_200, 1_440), "random nodes, not a range of ids: ~66% of the first tenth");

        var labels = data.Labels.Classes!.Span.ToArray();
        Assert.That(data.Labels.ClassCount, Is.EqualTo(preset.Classes));
        Assert.That(labels, Is.All.InRange(0, preset.Classes - 1));
        Assert.That(labels.Distinct().Count(), Is.EqualTo(preset.Classes));
        Assert.That(labels.CountBy(c => c).Min(pair => pair.Value), Is.GreaterThan(preset.Nodes / preset.Classes / 3), "no class starved");
    }

    [Test]
    public void Create_holds_the_bytes_Write_stores()
    {
        var preset = SyntheticPreset.Tiny;
        SyntheticDataset.Write(preset, 9, dir);
        using var data = SyntheticDataset.Create(preset, 9);
        Assert.That(data.NodeCount, Is.EqualTo(preset.Nodes));
        Assert.That(data.FeatureCount, Is.EqualTo(preset.Features));
        Assert.That(NpyArray.Read(Path.Combine(dir, "x.npy")).As<float>(), Is.EqualTo(data.Features.Span.ToArray()));
        Assert.That(NpyArray.Read(Path.Combine(dir, "y.npy")).As<long>(), Is.EqualTo(data.Labels.Classes!.Span.ToArray().Select(c => (long)c)));
        Assert.That(NpyArray.Read(Path.Combine(dir, "train_mask.npy")).Data, Is.EqualTo(data.Split.Train.Span.ToArray()));
        Assert.That(NpyArray.Read(Path.Combine(dir, "test_mask.npy")).Data, Is.EqualTo(data.Split.Test.Span.ToArray()));
        long[] edges = NpyArray.Read(Path.Combine(dir, "edge_index.npy")).As<long>();
        Assert.That(edges[(edges.Length / 2)..], Is.EqualTo(data.ColIdx.Span.ToArray().Select(v => (long)v)));
        var sources = Enumerable.Range(0, data.NodeCount).SelectMany(u => Enumerable.Repeat((long)u, data.Neighbors(u).Length));
        Assert.That(edges[..(edges.Length / 2)], Is.EqualTo(sources));
    }

    [Test]
    public void Edge_homophily_follows_the_inside_fraction_of_the_communities()
    {
        // Edges inside a community join one class; the others join a random community, of the same class 1 time in C.
        var preset = SyntheticPreset.Small;
        using var data = SyntheticDataset.Create(preset, 1);
        var labels = data.Labels.Classes!;
        long same = 0;
        for (int u = 0; u < data.NodeCount; u++)
            foreach (int v in data.Neighbors(u))
                if (labels[u] == labels[v]) same++;
        double expected = preset.InsideFraction + (1 - preset.InsideFraction) / preset.Classes;
        Assert.That((double)same / data.EntryCount, Is.InRange(expected - 0.05, expected + 0.05));
    }

    [Test]
    public void Features_are_class_centroids_plus_standard_gaussian_noise()
    {
        var preset = SyntheticPreset.Small;
        using var data = SyntheticDataset.Create(preset, 2);
        int f = preset.Features;
        var labels = data.Labels.Classes!.Span;
        var x = data.Features.Span;
        var means = new double[preset.Classes * f];
        var counts = new int[preset.Classes];
        for (int v = 0; v < data.NodeCount; v++)
        {
            counts[labels[v]]++;
            for (int j = 0; j < f; j++) means[labels[v] * f + j] += x[v * f + j];
        }
        for (int i = 0; i < means.Length; i++) means[i] /= counts[i / f];

        double sum = 0, squares = 0, fourth = 0;
        for (int v = 0; v < data.NodeCount; v++)
            for (int j = 0; j < f; j++)
            {
                double noise = x[v * f + j] - means[labels[v] * f + j];
                (sum, squares, fourth) = (sum + noise, squares + noise * noise, fourth + noise * noise * noise * noise);
            }
        long count = x.Length;
        Assert.That(sum / count, Is.EqualTo(0).Within(0.01), "noise mean");
        Assert.That(squares / count, Is.EqualTo(1).Within(0.01), "noise variance");
        Assert.That(fourth / count, Is.EqualTo(3).Within(0.05), "a Gaussian's fourth moment");

        // Centroid entries have variance 2·Separation²/F, so two centroids lie ~2·Separation apart.
        double centroidVariance = means.Sum(m => m * m) / means.Length;
        Assert.That(centroidVariance, Is.EqualTo(2 * preset.Separation * preset.Separation / f).Within(15).Percent);
    }

    [Test]
    public void The_graph_matters_features_alone_fall_well_short_of_neighbourhood_means()
    {
        // The nearest-class-centroid classifier stands in for an MLP (features) and for mean aggregation (neighbourhood).
        using var data = SyntheticDataset.Create(SyntheticPreset.Small, 1);
        var result = CentroidProbe.Measure(data);
        Assert.That(result.FeatureAccuracy, Is.InRange(0.40, 0.70), "features alone: a weak classifier, better than chance (0.10)");
        Assert.That(result.NeighbourhoodAccuracy, Is.GreaterThanOrEqualTo(0.80));
        Assert.That(result.NeighbourhoodAccuracy - result.FeatureAccuracy, Is.GreaterThanOrEqualTo(0.20));
        Assert.That(result.EdgeHomophily, Is.InRange(0.5, 0.6), "inside fraction 0.5, plus 1 in 10 of the rest");
    }

    [Test]
    public void Preset_names_parse_and_an_unknown_one_is_a_one_line_error()
    {
        Assert.That(SyntheticPreset.All.Select(p => SyntheticPreset.Parse(p.Name)), Is.EqualTo(SyntheticPreset.All));
        Assert.That(SyntheticPreset.Reddit.Nodes, Is.EqualTo(232_965));
        Assert.That(SyntheticPreset.Products.Nodes, Is.EqualTo(2_449_029));
        Errors.AssertOneLine(() => SyntheticPreset.Parse("huge"), "preset 'huge' is not one of tiny, small, medium, reddit, products");
    }

    [TestCase(0, 4, 1.0, "features (0), classes (4) and communities per class (2) must be positive")]
    [TestCase(8, 0, 1.0, "classes (0)")]
    [TestCase(8, 4, -1.0, "separation -1 must be finite and non-negative")]
    [TestCase(8, 4, double.NaN, "separation NaN must be")]
    [TestCase(2_000_000, 4, 1.0, "exceed one array")]
    public void A_custom_preset_out_of_range_is_a_one_line_error(int features, int classes, double separation, string fragment)
    {
        var preset = SyntheticPreset.Tiny with { Features = features, Classes = classes, Separation = separation };
        Errors.AssertOneLine(() => SyntheticDataset.Create(preset, 1), fragment);
        Assert.That(() => SyntheticDataset.Write(preset, 1, dir), Throws.ArgumentException);
        Assert.That(Directory.GetFileSystemEntries(dir), Is.Empty, "nothing written");
    }
}
