using ClusterGcn.Engine.Core.Datasets;
using static ClusterGcn.Engine.Tests.Datasets.ArrayFiles;

namespace ClusterGcn.Engine.Tests.Datasets;

/// <summary>Each preprocessing against a float64 reference written out from its definition.</summary>
public sealed class FeaturePreprocessingTests
{
    private const int N = 60, F = 7;
    private TempDirectory dir = null!;
    private float[] x = [];
    private bool[] train = [];

    [SetUp]
    public void Create()
    {
        dir = new TempDirectory();
        var random = new Random(20261126);
        x = new float[N * F];
        for (int i = 0; i < x.Length; i++) x[i] = (float)(random.NextDouble() * 10 - 2);
        for (int u = 0; u < N; u++) x[u * F + 3] = 4.25f; // a constant column
        Array.Clear(x, 5 * F, F); // a zero row
        train = [.. Enumerable.Range(0, N).Select(u => u % 3 == 0)];
        Save(dir.File("edge_index.npy"), [.. Enumerable.Range(0, N - 1), .. Enumerable.Range(1, N - 1)], 2, N - 1);
        Save(dir.File("x.npy"), x, N, F);
        Save(dir.File("y.npy"), new int[N]);
        Save(dir.File("train_mask.npy"), train);
    }

    [TearDown]
    public void Delete() => dir.Dispose();

    private float[] Load(FeaturePreprocessing preprocessing)
    {
        using var data = DatasetReader.Open(dir.Path, new DatasetOptions { UseStore = false, Preprocessing = preprocessing });
        return data.Features.Span.ToArray();
    }

    [Test]
    public void None_keeps_the_features()
    {
        Assert.That(Load(FeaturePreprocessing.None), Is.EqualTo(x));
    }

    [Test]
    public void Row_normalisation_divides_each_row_by_its_sum()
    {
        var expected = new double[N * F];
        for (int u = 0; u < N; u++)
        {
            double sum = Enumerable.Range(0, F).Sum(j => (double)x[u * F + j]);
            for (int j = 0; j < F; j++) expected[u * F + j] = sum == 0 ? 0 : x[u * F + j] / sum;
        }
        Assert.That(Load(FeaturePreprocessing.RowNormalize), Is.EqualTo(expected).Within(1e-6));
    }

    [Test]
    public void Standardisation_uses_the_mean_and_population_deviation_of_the_training_rows()
    {
        var rows = Enumerable.Range(0, N).Where(u => train[u]).ToArray();
        var expected = new double[N * F];
        for (int j = 0; j < F; j++)
        {
            double mean = rows.Average(u => (double)x[u * F + j]);
            double deviation = Math.Sqrt(rows.Average(u => Math.Pow(x[u * F + j] - mean, 2)));
            for (int u = 0; u < N; u++) expected[u * F + j] = (x[u * F + j] - mean) / (deviation > 0 ? deviation : 1);
        }
        var actual = Load(FeaturePreprocessing.Standardize);
        Assert.That(actual, Is.EqualTo(expected).Within(1e-5));
        Assert.That(rows.Average(u => (double)actual[u * F]), Is.EqualTo(0).Within(1e-6), "train mean 0");
        Assert.That(Enumerable.Range(0, N).Where(u => u != 5).Select(u => actual[u * F + 3]), Is.All.EqualTo(0f), "the constant column (but for the zero row) is only centred");
    }

    [Test]
    public void Standardisation_without_training_nodes_is_an_error()
    {
        File.Delete(dir.File("train_mask.npy"));
        var error = Assert.Throws<ArgumentException>(() => Load(FeaturePreprocessing.Standardize))!;
        Assert.That(error.Message, Does.Contain("x.npy").And.Contain("no").And.Not.Contain("\n"));
    }

    [Test]
    public void Cora_rows_sum_to_one_after_row_normalisation()
    {
        using var data = DatasetReader.Open(SharedDatasets.Path("cora"), new DatasetOptions { UseStore = false, Preprocessing = FeaturePreprocessing.RowNormalize });
        for (int u = 0; u < data.NodeCount; u++)
        {
            double sum = 0;
            foreach (float v in data.FeatureRow(u)) sum += v;
            Assert.That(sum, Is.EqualTo(1).Within(1e-5), $"row {u}");
        }
    }
}
