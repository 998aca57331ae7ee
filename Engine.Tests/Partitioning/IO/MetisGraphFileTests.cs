using System.Text;
using ClusterGcn.Engine.Partitioning.Graphs;
using ClusterGcn.Engine.Partitioning.IO;
using ClusterGcn.Engine.Tests.Support;

namespace ClusterGcn.Engine.Tests.Partitioning.IO;

public sealed class MetisGraphFileTests
{
    private static CsrGraph Parse(string text, bool symmetrize = false) =>
        MetisGraphFile.Read(new MemoryStream(Encoding.ASCII.GetBytes(text)), "test.graph", symmetrize);

    // Through a reader buffer of bufferSize bytes: a few put a buffer boundary inside every number, comment and line end.
    private static CsrGraph ParseBuffered(string text, int bufferSize, bool symmetrize = false) =>
        MetisGraphFile.Read(new MemoryStream(Encoding.ASCII.GetBytes(text)), "test.graph", symmetrize, largeEntries: null, chunkCapacity: 0, bufferSize).Csr!;

    private static readonly int[] TinyBuffers = [1, 2, 3, 7];

    // Through the large path whatever the header's m, in chunks of chunkCapacity entries.
    private static LargeCsrGraph ParseLarge(string text, int chunkCapacity) =>
        MetisGraphFile.Read(new MemoryStream(Encoding.ASCII.GetBytes(text)), "test.graph", false, largeEntries: -1, chunkCapacity).Large!;

    private static void AssertSame(CsrGraph actual, CsrGraph expected)
    {
        Assert.That(actual.RowPtr.ToArray(), Is.EqualTo(expected.RowPtr.ToArray()), "row pointers");
        Assert.That(actual.ColIdx.ToArray(), Is.EqualTo(expected.ColIdx.ToArray()), "neighbours");
        Assert.That(actual.HasEdgeWeights, Is.EqualTo(expected.HasEdgeWeights));
        Assert.That(actual.EdgeWeights.ToArray(), Is.EqualTo(expected.EdgeWeights.ToArray()), "edge weights");
        Assert.That(actual.HasNodeWeights, Is.EqualTo(expected.HasNodeWeights));
        Assert.That(actual.NodeWeights.ToArray(), Is.EqualTo(expected.NodeWeights.ToArray()), "node weights");
    }

    // A weighted triangle 0-1-2 with a pendant 3 on node 2, node weights 1..4, a distinct weight per edge.
    private static CsrGraph Weighted(bool nodeWeights, bool edgeWeights)
    {
        var builder = new CsrBuilder(5);
        foreach (var (u, v, w) in new[] { (0, 1, 7), (1, 2, 9), (0, 2, 3), (2, 3, 5) })
            builder.AddEdge(u, v, edgeWeights ? w : null);
        return builder.Build(nodeWeights ? [1, 2, 3, 4, 0] : null); // node 4 isolated, weight 0
    }

    public static IEnumerable<TestCaseData> RoundTripGraphs()
    {
        yield return new TestCaseData(GraphFactories.Grid(5, 7)).SetName("Round_trip(grid)");
        yield return new TestCaseData(GraphFactories.StarWithIsolatedNode(6)).SetName("Round_trip(star with isolated node last)");
        yield return new TestCaseData(GraphFactories.PlantedPartition(4, 25, 6, 2, seed: 3)).SetName("Round_trip(planted partition)");
        yield return new TestCaseData(Weighted(true, false)).SetName("Round_trip(node weights)");
        yield return new TestCaseData(Weighted(false, true)).SetName("Round_trip(edge weights)");
        yield return new TestCaseData(Weighted(true, true)).SetName("Round_trip(both weights)");
        yield return new TestCaseData(new CsrGraph([0], [])).SetName("Round_trip(empty graph)");
    }

    [TestCaseSource(nameof(RoundTripGraphs))]
    public void Write_then_read_gives_the_same_graph(CsrGraph graph)
    {
        string dir = Directory.CreateTempSubdirectory("metis-").FullName;
        try
        {
            string path = Path.Combine(dir, "g.graph");
            MetisGraphFile.Write(path, graph);
            AssertSame(MetisGraphFile.Read(path), graph);
            Assert.That(Directory.GetFiles(dir), Is.EqualTo(new[] { path }), "no temporary file is left behind");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public void Writes_the_format_gpmetis_reads()
    {
        var buffer = new MemoryStream();
        MetisGraphFile.Write(buffer, Weighted(true, true));
        Assert.That(Encoding.ASCII.GetString(buffer.ToArray()), Is.EqualTo("5 4 011\n1 2 7 3 3\n2 1 7 3 9\n3 1 3 2 9 4 5\n4 3 5\n0\n"));
    }

    // The weighted graph above written in every fmt, with comments, CRLF line ends, tabs and node sizes (fmt 1xx).
    [TestCase("", false, false)]
    [TestCase(" 1", false, true)]
    [TestCase(" 10", true, false)]
    [TestCase(" 011", true, true)]
    [TestCase(" 100", false, false)]
    [TestCase(" 111 1", true, true)]
    public void Reads_every_fmt(string fmt, bool nodeWeights, bool edgeWeights)
    {
        string code = fmt.Trim().Split(' ')[0];
        bool sizes = code.Length == 3 && code[0] == '1';
        string[] rows = ["2 7 3 3", "1 7 3 9", "1 3 2 9 4 5", "3 5", ""];
        var text = new StringBuilder($"% a comment before the header\r\n5 4{fmt}\r\n");
        for (int u = 0; u < rows.Length; u++)
        {
            if (u == 2) text.Append("% a comment between node lines\n");
            var tokens = rows[u].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var line = new List<string>();
            if (sizes) line.Add("9");
            if (nodeWeights) line.Add(new[] { "1", "2", "3", "4", "0" }[u]);
            for (int i = 0; i < tokens.Length; i += 2)
            {
                line.Add(tokens[i]);
                if (edgeWeights) line.Add(tokens[i + 1]);
            }
            text.Append(string.Join('\t', line)).Append(" \r\n");
        }
        AssertSame(Parse(text.ToString()), Weighted(nodeWeights, edgeWeights));
        foreach (int bufferSize in TinyBuffers) AssertSame(ParseBuffered(text.ToString(), bufferSize), Weighted(nodeWeights, edgeWeights));
    }

    [Test]
    public void Header_only_with_no_nodes_is_an_empty_graph()
    {
        var graph = Parse("0 0\n");
        Assert.That(graph.NodeCount, Is.Zero);
        Assert.That(graph.EntryCount, Is.Zero);
    }

    [Test]
    public void Neighbours_listed_out_of_order_are_sorted()
    {
        AssertSame(Parse("3 3\n3 2\n3 1\n2 1\n"), new CsrBuilder(3).AddEdge(0, 1).AddEdge(1, 2).AddEdge(0, 2).Build());
    }

    private static readonly (string Text, string Fragment)[] MalformedFiles =
    [
        ("", "test.graph: empty file"),
        ("% only a comment\n\n", "test.graph: empty file"),
        ("3\n", "test.graph: line 1: the header needs at least 'n m'"),
        ("3 2 2\n", "line 1: fmt 2 is not one of"),
        ("3 2 10 2\n", "line 1: ncon = 2"),
        ("3 2 0 1 7\n", "line 1: unexpected header field 7"),
        ("-3 2\n", "line 1: '-3' is not a non-negative integer"),
        ("3 2\n2\n1 3", "test.graph: truncated: the header says 3 nodes but the file ends after 2 node lines"),
        ("30 2\n2\n1 3\n2\n", "test.graph: truncated: the header says 30 nodes"),
        ("3 2\n2\n1 3\n2\n1\n", "line 5: more node lines than the header's n = 3"),
        ("3 2\n2\n1 x3\n2\n", "line 3: 'x3' is not a non-negative integer"),
        ("3 2\n2\n1 3.5\n2\n", "line 3: '3.5' is not a non-negative integer"),
        ("3 2\n2\n1 3\0\v\n2\n", "line 3: '3\\x00\\x0b' is not a non-negative integer"),
        ("3 2\n2\n1 4\n2\n", "line 3: node 2 lists neighbour 4, outside [1, 3]"),
        ("3 2\n2\n0 3\n2\n", "line 3: node 2 lists neighbour 0, outside [1, 3]"),
        ("2 1\n1 2\n1\n", "line 2: node 1 lists itself"),
        ("3 2\n2\n1 3 1\n2\n", "line 3: node 2 lists neighbour 1 twice"),
        ("3 3\n2\n1 3\n2\n", "test.graph: the header says m = 3 edges (6 neighbour entries), but the node lines list 4"),
        ("3 1\n2\n1 3\n2\n", "the header says m = 1 edges (2 neighbour entries), but the node lines list 4"),
        ("3 1\n2\n3\n\n", "line 2: node 1 lists 2 but node 2 does not list 1"),
        ("4 2\n%a\n2\n%b\n1 3\n\n3\n", "line 5: node 2 lists 3 but node 3 does not list 2"),
        ("2 1 1\n2 3\n1 4\n", "line 2: node 1 lists 2 with weight 3 but node 2 lists 1 with weight 4"),
        ("2 1 1\n2\n1 4\n", "line 2: node 1: neighbour 2 has no edge weight"),
        ("2 1 1\n2 0\n1 0\n", "line 2: node 1: the edge to 2 has weight 0"),
        ("2 1 10\n\n1 1\n", "line 2: node 1 has no weight"),
        ("2 1\n2 99999999999999999999\n1\n", "is too large"),
    ];

    // Every malformed file through both paths: the large path (forced by a zero threshold) keeps every check and message.
    public static IEnumerable<TestCaseData> Malformed() =>
        from file in MalformedFiles from large in new[] { false, true } select new TestCaseData(file.Text, file.Fragment, large);

    [TestCaseSource(nameof(Malformed))]
    public void Malformed_files_give_one_line_naming_the_file_and_line(string text, string fragment, bool large)
    {
        var error = Assert.Throws<InvalidDataException>(() => { if (large) ParseLarge(text, chunkCapacity: 4); else Parse(text); })!;
        Assert.That(error.Message, Does.Contain(fragment));
        Assert.That(error.Message, Does.StartWith("test.graph: "));
        Assert.That(error.Message, Does.Not.Contain('\n'));
        if (!large)
            foreach (int bufferSize in TinyBuffers)
                Assert.That(Assert.Throws<InvalidDataException>(() => ParseBuffered(text, bufferSize))!.Message, Is.EqualTo(error.Message), $"buffer of {bufferSize}");
    }

    // Symmetry is checked by comparing hash sums of the edges seen from either end: each of many single-entry changes
    // (a neighbour swapped for a non-neighbour, one direction's weight changed) must still be found, through both paths.
    [Test]
    public void Every_single_asymmetry_is_found([Values(false, true)] bool large)
    {
        var graph = GraphFactories.PlantedPartition(3, 12, 5, 2, seed: 4);
        int n = graph.NodeCount;
        var rows = Enumerable.Range(0, n).Select(u => graph.Neighbors(u).ToArray().Select(v => (V: v, W: 1 + (u + v) % 5)).ToList()).ToArray();
        var random = new Random(11);
        for (int trial = 0; trial < 60; trial++)
        {
            var mutated = rows.Select(row => row.ToList()).ToArray();
            int u = random.Next(n), e = random.Next(mutated[u].Count);
            string expected;
            if (trial % 2 == 0)
            {
                int stranger = Enumerable.Range(0, n).First(x => x != u && mutated[u].All(entry => entry.V != x));
                mutated[u][e] = (stranger, mutated[u][e].W);
                expected = "does not list";
            }
            else
            {
                mutated[u][e] = (mutated[u][e].V, mutated[u][e].W + 1);
                expected = "with weight";
            }
            var text = new StringBuilder($"{n} {graph.EntryCount / 2} 1\n");
            foreach (var row in mutated) text.AppendLine(string.Join(' ', row.Select(entry => $"{entry.V + 1} {entry.W}")));
            var error = Assert.Throws<InvalidDataException>(() => { if (large) ParseLarge(text.ToString(), chunkCapacity: 16); else Parse(text.ToString()); })!;
            Assert.That(error.Message, Does.Contain(expected), $"trial {trial}: node {u + 1}, entry {e}");
        }
    }

    // Random damage to valid files (a byte changed, inserted or deleted, the file cut short), through every way of
    // reading: each read either gives a graph that holds the CSR invariants, or fails with one line naming the file.
    // Never another exception (an index out of range, an overflow), never a hang.
    [TestCase(false, false)]
    [TestCase(false, true)]
    [TestCase(true, false)] // the large path refuses to symmetrize (tested below)
    public void Damaged_files_read_as_valid_graphs_or_fail_with_one_line(bool large, bool symmetrize)
    {
        var sources = new[] { Weighted(true, true), Weighted(false, true), GraphFactories.PlantedPartition(3, 8, 4, 2, seed: 5) };
        const string Alphabet = "0123456789 \n\t\r\0\v%-x1";
        var random = new Random(2026);
        int parsed = 0, rejected = 0;
        for (int trial = 0; trial < 3000; trial++)
        {
            var buffer = new MemoryStream();
            MetisGraphFile.Write(buffer, sources[trial % sources.Length]);
            byte[] bytes = buffer.ToArray();
            for (int damage = 1 + random.Next(3); damage > 0; damage--)
                bytes = FileDamage.Once(bytes, random, r => (byte)Alphabet[r.Next(Alphabet.Length)]).Bytes;
            string text = Encoding.ASCII.GetString(bytes);
            // A tiny reader buffer must not change the outcome: the same graph, or the same error.
            CsrGraph ReadIt(int bufferSize) => large ? ParseLarge(text, chunkCapacity: 64).ToCsrGraph()
                : bufferSize == 0 ? Parse(text, symmetrize) : ParseBuffered(text, bufferSize, symmetrize);
            int tiny = TinyBuffers[trial % TinyBuffers.Length];
            try
            {
                var graph = ReadIt(0);
                AssertUndirected(graph, text);
                if (!large) AssertSame(ReadIt(tiny), graph);
                parsed++;
            }
            catch (InvalidDataException error)
            {
                Assert.That(error.Message, Does.StartWith("test.graph: ").And.Not.Contain('\n').And.Not.Contain('\0').And.Not.Contain('\v'), text);
                if (!large) Assert.That(Assert.Throws<InvalidDataException>(() => ReadIt(tiny))!.Message, Is.EqualTo(error.Message), text);
                rejected++;
            }
        }
        Assert.That(parsed, Is.GreaterThan(30), "some damage leaves a valid file (a changed weight, a removed blank)");
        Assert.That(rejected, Is.GreaterThan(1000));
    }

    // What the partitioner relies on: neighbours in range, no self-loop, no duplicate, each edge listed both ways with one weight.
    private static void AssertUndirected(CsrGraph graph, string file)
    {
        var entries = new Dictionary<(int, int), int>();
        for (int u = 0; u < graph.NodeCount; u++)
        {
            var row = graph.Neighbors(u);
            for (int e = 0; e < row.Length; e++)
            {
                Assert.That(row[e], Is.InRange(0, graph.NodeCount - 1).And.Not.EqualTo(u), file);
                Assert.That(entries.TryAdd((u, row[e]), graph.HasEdgeWeights ? graph.EdgeWeights[graph.RowPtr[u] + e] : 1), Is.True, file);
            }
        }
        foreach (var ((u, v), w) in entries) Assert.That(entries.GetValueOrDefault((v, u)), Is.EqualTo(w), file);
        if (graph.HasNodeWeights) Assert.That(graph.NodeWeights.ToArray(), Is.All.GreaterThanOrEqualTo(0), file);
    }

    [Test]
    public void A_missing_file_is_an_io_error_naming_it()
    {
        string path = Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}.graph");
        var error = Assert.Throws<FileNotFoundException>(() => MetisGraphFile.Read(path))!;
        Assert.That(error.Message, Does.Contain(path));
    }

    [Test]
    public void Symmetrizing_adds_missing_directions_drops_self_loops_and_merges_duplicates()
    {
        // 1 -> 2 only, 2 -> 2 (self-loop), 3 -> 1 twice, 4 isolated: the header's m is not checked.
        var graph = Parse("4 9\n2\n2 \n1 1\n\n", symmetrize: true);
        AssertSame(graph, new CsrBuilder(4).AddEdge(0, 1).AddEdge(2, 0).Build());
    }

    [Test]
    public void Symmetrizing_keeps_the_larger_weight_of_an_edge_listed_both_ways()
    {
        // 1 -> 2 weighs 3 and 2 -> 1 weighs 5; 2 -> 3 weighs 4 one way only.
        var graph = Parse("3 0 1\n2 3\n1 5 3 4\n\n", symmetrize: true);
        AssertSame(graph, new CsrBuilder(3).AddEdge(0, 1, 5).AddEdge(1, 2, 4).Build());
    }

    [Test]
    public void Symmetrizing_a_valid_file_changes_nothing()
    {
        var graph = GraphFactories.PlantedPartition(3, 20, 5, 2, seed: 9);
        var buffer = new MemoryStream();
        MetisGraphFile.Write(buffer, graph);
        AssertSame(MetisGraphFile.Read(new MemoryStream(buffer.ToArray()), "planted", symmetrize: true), graph);
    }

    // A LargeCsrGraph writes the bytes its CsrGraph writes, and the file reads back into the same graph through either path.
    [TestCaseSource(nameof(RoundTripGraphs))]
    public void A_large_graph_writes_the_file_of_its_csr_graph(CsrGraph graph)
    {
        var expected = new MemoryStream();
        MetisGraphFile.Write(expected, graph);
        string dir = Directory.CreateTempSubdirectory("metis-").FullName;
        try
        {
            string path = Path.Combine(dir, "large.graph");
            MetisGraphFile.Write(path, LargeCsrGraph.From(graph, chunkCapacity: Math.Max(32, MaxDegree(graph))));
            Assert.That(File.ReadAllBytes(path), Is.EqualTo(expected.ToArray()));
            AssertSame(ParseLarge(File.ReadAllText(path), chunkCapacity: 64).ToCsrGraph(), graph);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }

        static int MaxDegree(CsrGraph g) => Enumerable.Range(0, g.NodeCount).Select(g.Degree).DefaultIfEmpty(0).Max();
    }

    [Test]
    public void Writing_a_directed_graph_is_refused()
    {
        var directed = new CsrGraph([0, 1, 1], [1]);
        Errors.AssertOneLine(() => MetisGraphFile.Write(new MemoryStream(), directed), "not undirected");
    }

    public static IEnumerable<TestCaseData> LargeReadGraphs() =>
        RoundTripGraphs().Select(c => new TestCaseData(c.Arguments).SetName(c.TestName!.Replace("Round_trip", "Large_read")));

    [TestCaseSource(nameof(LargeReadGraphs))]
    public void The_large_path_reads_the_same_graph_as_the_normal_one(CsrGraph graph)
    {
        var buffer = new MemoryStream();
        MetisGraphFile.Write(buffer, graph);
        string text = Encoding.ASCII.GetString(buffer.ToArray());

        var large = ParseLarge(text, chunkCapacity: 32);

        AssertSame(large.ToCsrGraph(), Parse(text));
        Assert.That(large.ChunkCount, Is.GreaterThanOrEqualTo((graph.EntryCount + 31) / 32), "chunks of at most 32 entries");
    }

    [Test]
    public void The_large_path_sorts_rows_listed_out_of_order()
    {
        const string Text = "4 4 1\n3 5 2 6\n3 7 1 6\n4 8 2 7 1 5\n3 8\n";

        AssertSame(ParseLarge(Text, chunkCapacity: 3).ToCsrGraph(), Parse(Text));
        Assert.That(ParseLarge(Text, chunkCapacity: 3).Neighbors(2).ToArray(), Is.EqualTo(new[] { 0, 1, 3 }));
        Assert.That(ParseLarge(Text, chunkCapacity: 3).NeighborWeights(2).ToArray(), Is.EqualTo(new[] { 5, 7, 8 }));
    }

    [Test]
    public void ReadAny_gives_a_csr_graph_when_the_entries_fit_int_offsets()
    {
        var graph = MetisGraphFile.ReadAny(new MemoryStream(Encoding.ASCII.GetBytes("3 2\n2\n1 3\n2\n")), "test.graph");

        Assert.That(graph.Large, Is.Null);
        Assert.That(graph.Csr!.EntryCount, Is.EqualTo(4));
        Assert.That((graph.NodeCount, graph.EntryCount), Is.EqualTo((3, 4L)));
    }

    [Test]
    public void A_header_beyond_int_offsets_is_an_error_for_read_and_the_large_path_for_read_any()
    {
        const string Text = "3 1100000000\n2\n1 3\n2\n";
        var bytes = Encoding.ASCII.GetBytes(Text);

        var error = Assert.Throws<InvalidDataException>(() => MetisGraphFile.Read(new MemoryStream(bytes), "test.graph"))!;
        Assert.That(error.Message, Does.Contain("line 1: m = 1100000000 edges is more than a CSR graph with int offsets holds"));
        error = Assert.Throws<InvalidDataException>(() => MetisGraphFile.ReadAny(new MemoryStream(bytes), "test.graph"))!;
        Assert.That(error.Message, Does.Contain("the header says m = 1100000000 edges (2200000000 neighbour entries), but the node lines list 4"));
        error = Assert.Throws<InvalidDataException>(() => MetisGraphFile.ReadAny(new MemoryStream(bytes), "test.graph", symmetrize: true))!;
        Assert.That(error.Message, Does.StartWith("test.graph: m = 1100000000 edges need a graph beyond int offsets, which cannot be symmetrized"));
        Assert.That(error.Message, Does.Not.Contain('\n'));
    }
}
