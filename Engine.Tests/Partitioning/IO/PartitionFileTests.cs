using ClusterGcn.Engine.Partitioning.Graphs;
using ClusterGcn.Engine.Partitioning.IO;
using ClusterGcn.Engine.Partitioning.Multilevel;
using ClusterGcn.Engine.Tests.Support;

namespace ClusterGcn.Engine.Tests.Partitioning.IO;

public sealed class PartitionFileTests
{
    private static readonly CsrGraph Graph = GraphFactories.Grid(5, 6);
    private static readonly PartitionOptions Options = new(Parts: 4, Imbalance: 0.05, Seed: 7);
    private static readonly int[] Part = Enumerable.Range(0, 30).Select(u => u * 4 / 30).ToArray();

    private string dir = "";
    private string path = "";

    [SetUp]
    public void CreateDirectory()
    {
        dir = Directory.CreateTempSubdirectory("partcache-").FullName;
        path = Path.Combine(dir, "part.npy");
    }

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(dir, recursive: true);

    [Test]
    public void Save_then_load_gives_the_same_partition()
    {
        PartitionFile.Save(path, Graph, Part, Options);
        Assert.That(PartitionFile.Load(path, Graph, Options), Is.EqualTo(Part));
        Assert.That(Directory.GetFiles(dir).Select(Path.GetFileName), Is.EquivalentTo(new[] { "part.npy", "part.npy.json" }),
            "the two files and no temporaries");
    }

    [Test]
    public void The_npy_file_is_what_numpy_reads()
    {
        PartitionFile.Save(path, Graph, Part, Options);
        byte[] bytes = File.ReadAllBytes(path);
        int headerLength = bytes[8] | bytes[9] << 8;
        string header = System.Text.Encoding.ASCII.GetString(bytes, 10, headerLength);
        Assert.That(bytes[..8], Is.EqualTo(new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0 }));
        Assert.That((10 + headerLength) % 64, Is.Zero, "numpy aligns the data to 64 bytes");
        Assert.That(header, Does.StartWith("{'descr': '<i4', 'fortran_order': False, 'shape': (30,), }").And.EndWith("\n"));
        Assert.That(bytes, Has.Length.EqualTo(10 + headerLength + 4 * 30));
        Assert.That(BitConverter.ToInt32(bytes, 10 + headerLength + 4 * 29), Is.EqualTo(Part[29]));
    }

    [Test]
    public void Nothing_cached_is_a_miss()
    {
        Assert.That(PartitionFile.Load(path, Graph, Options), Is.Null);
    }

    public static IEnumerable<TestCaseData> OtherKeys()
    {
        yield return new TestCaseData(GraphFactories.Grid(6, 5), Options).SetName("Miss(other graph, same node count)");
        yield return new TestCaseData(Weighted(Graph), Options).SetName("Miss(same structure, edge weights)");
        yield return new TestCaseData(Graph, Options with { Parts = 5 }).SetName("Miss(other k)");
        yield return new TestCaseData(Graph, Options with { Seed = 8 }).SetName("Miss(other seed)");
        yield return new TestCaseData(Graph, Options with { Imbalance = 0.03 }).SetName("Miss(other imbalance)");
        yield return new TestCaseData(Graph, Options with { Strong = !Options.Strong }).SetName("Miss(other strong flag)");
    }

    [TestCaseSource(nameof(OtherKeys))]
    public void Another_graph_k_seed_or_imbalance_is_a_miss(CsrGraph graph, PartitionOptions options)
    {
        PartitionFile.Save(path, Graph, Part, Options);
        Assert.That(PartitionFile.Load(path, graph, options), Is.Null);
    }

    [Test]
    public void The_thread_count_is_not_part_of_the_key()
    {
        PartitionFile.Save(path, Graph, Part, Options);
        Assert.That(PartitionFile.Load(path, Graph, Options with { Threads = 3 }), Is.EqualTo(Part));
    }

    [Test]
    public void Another_format_version_is_a_miss()
    {
        PartitionFile.Save(path, Graph, Part, Options);
        string manifest = PartitionFile.ManifestPath(path);
        File.WriteAllText(manifest, File.ReadAllText(manifest).Replace($"\"version\": {PartitionFile.FormatVersion}", "\"version\": 99"));
        Assert.That(PartitionFile.Load(path, Graph, Options), Is.Null);
    }

    [Test]
    public void A_truncated_npy_is_a_one_line_error()
    {
        PartitionFile.Save(path, Graph, Part, Options);
        byte[] bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^3]);
        AssertOneLine(() => PartitionFile.Load(path, Graph, Options), "truncated");
    }

    [Test]
    public void A_changed_part_id_fails_the_checksum()
    {
        PartitionFile.Save(path, Graph, Part, Options);
        byte[] bytes = File.ReadAllBytes(path);
        bytes[^4] ^= 1; // block 3 of the last node becomes 2: still in range, so only the checksum can tell
        File.WriteAllBytes(path, bytes);
        AssertOneLine(() => PartitionFile.Load(path, Graph, Options), "checksum");
    }

    [TestCase("not json at all")]
    [TestCase("{\"format\": \"cgcn-partition\", \"version\": 1}")]
    [TestCase("[1, 2]")]
    public void A_corrupt_manifest_is_a_one_line_error(string manifest)
    {
        PartitionFile.Save(path, Graph, Part, Options);
        File.WriteAllText(PartitionFile.ManifestPath(path), manifest);
        AssertOneLine(() => PartitionFile.Load(path, Graph, Options), "manifest");
    }

    [Test]
    public void Saving_a_partition_that_does_not_fit_is_refused()
    {
        Errors.AssertOneLine(() => PartitionFile.Save(path, Graph, Part[..29], Options), "29 block ids for 30 nodes");
        Errors.AssertOneLine(() => PartitionFile.Save(path, Graph, Part, Options with { Parts = 3 }), "outside [0, 3)");
    }

    [Test]
    public void Gpmetis_style_files_round_trip_one_id_per_line()
    {
        string file = Path.Combine(dir, "g.graph.part.4");
        PartitionFile.WriteGpmetisStyle(file, Part);
        Assert.That(File.ReadAllText(file), Is.EqualTo(string.Concat(Part.Select(p => $"{p}\n"))));
        Assert.That(PartitionFile.ReadGpmetisStyle(file, 30, 4), Is.EqualTo(Part));
    }

    [TestCase("0\n1\n", "truncated: 2 block ids for a graph of 3 nodes")]
    [TestCase("0\n1\n2\n3\n", "line 4: more block ids than the graph's 3 nodes")]
    [TestCase("0\n7\n1\n", "line 2: block 7 of node 2 is outside [0, 4)")]
    [TestCase("0\n1 1\n1\n", "line 2: unexpected number 1")]
    [TestCase("0\nx\n1\n", "line 2: 'x' is not a non-negative integer")]
    public void Bad_gpmetis_files_are_one_line_errors(string text, string fragment)
    {
        string file = Path.Combine(dir, "bad.part");
        File.WriteAllText(file, text);
        var error = AssertOneLine(() => PartitionFile.ReadGpmetisStyle(file, 3, 4), fragment);
        Assert.That(error.Message, Does.StartWith(file));
    }

    // Random damage to either file of a cache (a byte changed, inserted or deleted, a file cut short): loading gives
    // the saved partition, a miss, or one line naming the damaged file, never a different partition or another
    // exception. Damage to the npy's ids is the checksum's to catch; damage to the manifest's key makes a miss.
    [Test]
    public void A_damaged_cache_loads_the_partition_misses_or_fails_with_one_line([Values("npy", "manifest")] string which)
    {
        var random = new Random(11);
        string manifest = PartitionFile.ManifestPath(path), damaged = which == "npy" ? path : manifest;
        var outcomes = new Dictionary<string, int> { ["same"] = 0, ["miss"] = 0, ["error"] = 0 };
        for (int trial = 0; trial < 400; trial++)
        {
            PartitionFile.Save(path, Graph, Part, Options);
            File.WriteAllBytes(damaged, FileDamage.Once(File.ReadAllBytes(damaged), random).Bytes);
            try
            {
                int[]? loaded = PartitionFile.Load(path, Graph, Options);
                if (loaded is null) outcomes["miss"]++;
                else
                {
                    Assert.That(loaded, Is.EqualTo(Part), $"trial {trial}: a damaged {which} must not load another partition");
                    outcomes["same"]++;
                }
            }
            catch (InvalidDataException error)
            {
                // The checksum's message names both files of the cache: "part.npy: ... do not match the checksum in part.npy.json".
                Assert.That(error.Message, Does.StartWith(path).And.Not.Contain('\n').And.Not.Contain('\0'), $"trial {trial}");
                outcomes["error"]++;
            }
        }
        Assert.That(outcomes["error"], Is.GreaterThan(100), string.Join(", ", outcomes));
    }

    private static InvalidDataException AssertOneLine(Action call, string fragment)
    {
        var error = Assert.Throws<InvalidDataException>(() => call())!;
        Assert.That(error.Message, Does.Contain(fragment));
        Assert.That(error.Message, Does.Not.Contain('\n'));
        return error;
    }

    private static CsrGraph Weighted(CsrGraph graph) =>
        new(graph.RowPtr.ToArray(), graph.ColIdx.ToArray(), Enumerable.Repeat(1, graph.EntryCount).ToArray());
}
