using ClusterGcn.Engine.Partitioning.Graphs;
using ClusterGcn.Engine.Partitioning.Multilevel.Coarsening;

namespace ClusterGcn.Engine.Partitioning.IO;

/// <summary>Reads and writes graphs in the METIS format, the input of gpmetis.</summary>
/// <remarks>
/// <code>
/// % comment lines start with '%'
/// n m [fmt [ncon]]          header: nodes, undirected edges, then fmt's digits: node sizes, node weights, edge weights
/// [size] [weight] v1 [w1] v2 [w2] …     one line per node (blank for an isolated node), neighbours 1-based
/// </code>
/// A valid graph lists each edge in both directions (with the same weight), never a node itself, and never a
/// neighbour twice; the header's m counts each edge once. Node sizes (fmt 100) are read and ignored; weights must be
/// positive integers. Multi-constraint weights (ncon &gt; 1) are not supported.
/// </remarks>
public static class MetisGraphFile
{
    /// <summary>Reads the graph in <paramref name="path"/>.</summary>
    /// <param name="path">The file.</param>
    /// <param name="symmetrize">Instead of rejecting a directed or asymmetric graph, make it undirected: self-loops
    /// are dropped, a neighbour listed twice becomes one edge with the weights summed (as <see cref="CsrBuilder"/>
    /// merges repeated edges), a direction missing is added, and an edge listed both ways with different weights
    /// keeps the larger. The header's m is then not checked, as directed files count edges either way.</param>
    /// <exception cref="InvalidDataException">The file is malformed: one line naming the file, the line and the problem.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static CsrGraph Read(string path, bool symmetrize = false)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        return Read(stream, path, symmetrize);
    }

    /// <summary>Reads a METIS graph from <paramref name="stream"/>; <paramref name="name"/> names it in errors.
    /// <paramref name="symmetrize"/> is as in <see cref="Read(string, bool)"/>.</summary>
    /// <exception cref="InvalidDataException">The data is malformed (one line naming the source, the line and the problem).</exception>
    public static CsrGraph Read(Stream stream, string name, bool symmetrize = false) =>
        Read(stream, name, symmetrize, largeEntries: null, chunkCapacity: 0).Csr!;

    /// <summary>Reads the graph in <paramref name="path"/> whatever its size: a <see cref="CsrGraph"/>, or a
    /// <see cref="LargeCsrGraph"/> when the header's m needs more entries (2·m) than one array holds
    /// (<see cref="Array.MaxLength"/>, about 2³¹), as ogbn-papers100M does. <paramref name="symmetrize"/> is as in
    /// <see cref="Read(string, bool)"/>, for graphs that fit a CsrGraph only.</summary>
    /// <exception cref="InvalidDataException">The file is malformed (one line naming the file, the line and the
    /// problem), or a graph beyond a CsrGraph is to be symmetrized.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static AnyCsrGraph ReadAny(string path, bool symmetrize = false)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        return ReadAny(stream, path, symmetrize);
    }

    /// <summary>As <see cref="ReadAny(string, bool)"/>, from <paramref name="stream"/>; <paramref name="name"/> names it in errors.</summary>
    /// <exception cref="InvalidDataException">The data is malformed (one line naming the source, the line and the problem).</exception>
    public static AnyCsrGraph ReadAny(Stream stream, string name, bool symmetrize = false) =>
        Read(stream, name, symmetrize, LargeEntries, LargeChunkCapacity);

    // ReadAny's threshold and chunk capacity: tests lower them to send small files through the large path, the
    // command line's included.
    internal static long LargeEntries = Array.MaxLength;
    internal static int LargeChunkCapacity;

    /// <summary>Reads into a <see cref="LargeCsrGraph"/> when the header's 2·m exceeds <paramref name="largeEntries"/>
    /// (null: never, and such a header is an error), in chunks of <paramref name="chunkCapacity"/> entries (0 = the
    /// default), through a buffer of <paramref name="bufferSize"/> bytes; tests force small files through the large
    /// path with a small threshold, and put buffer boundaries everywhere with a tiny buffer.</summary>
    internal static AnyCsrGraph Read(Stream stream, string name, bool symmetrize, long? largeEntries, int chunkCapacity,
        int bufferSize = AsciiIntReader.DefaultBufferSize)
    {
        var reader = new AsciiIntReader(stream, name, bufferSize);
        var header = Header.Read(reader, name, allowLarge: largeEntries is not null);
        if (2 * header.Edges > (largeEntries ?? long.MaxValue))
        {
            if (symmetrize)
                throw new InvalidDataException($"{name}: m = {header.Edges} edges need a graph beyond int offsets, which cannot be symmetrized; give a symmetric file.");
            return new AnyCsrGraph(ReadLarge(reader, name, header, chunkCapacity));
        }
        var lines = new NodeLines(header.Nodes, storesRows: true);
        lines.Read(reader, name, header, symmetrize, new ArrayStore(lines, name));
        if (!symmetrize) CheckEntryCount(lines, header, name);
        var rows = new ArrayRows(lines);
        SortRows(rows);
        if (symmetrize)
        {
            MergeDuplicates(lines, name);
            if (!HasMatchingSides(rows)) return new AnyCsrGraph(Symmetrized(lines, name));
        }
        else CheckSymmetric(rows, lines, name);
        return new AnyCsrGraph(lines.ToGraph());
    }

    // A strict read into chunks: the checks of a CsrGraph's strict read, on long offsets.
    private static LargeCsrGraph ReadLarge(AsciiIntReader reader, string name, Header header, int chunkCapacity)
    {
        // A header's m is a hint until the node lines are counted: the chunks are sized for the bytes that follow.
        long expected = Math.Min(2 * header.Edges, (reader.BytesLeft ?? 1 << 20) / 2 + 16);
        var builder = new LargeCsrGraph.Builder(header.Nodes, header.EdgeWeights, expected, chunkCapacity);
        var lines = new NodeLines(header.Nodes, storesRows: false);
        lines.Read(reader, name, header, symmetrize: false, new BuilderStore(builder));
        CheckEntryCount(lines, header, name);
        var graph = builder.Build(lines.NodeWeights);
        var rows = new ChunkRows(graph);
        SortRows(rows);
        CheckSymmetric(rows, lines, name);
        return graph;
    }

    private static void CheckEntryCount(NodeLines lines, Header header, string name)
    {
        if (lines.Entries != 2 * header.Edges)
            throw new InvalidDataException(
                $"{name}: the header says m = {header.Edges} edges ({2 * header.Edges} neighbour entries), but the node lines list {lines.Entries}.");
    }

    private static void CheckSymmetric<TRows>(TRows rows, NodeLines lines, string name) where TRows : struct, IRows
    {
        if (!HasMatchingSides(rows) && FirstAsymmetry(rows) is { } problem)
            throw new InvalidDataException($"{name}: line {lines.LineOf(problem.Node)}: {problem.Message}");
    }

    /// <summary>Writes <paramref name="graph"/> to <paramref name="path"/> atomically (temporary file, then rename),
    /// with fmt 010, 001 or 011 when it has node or edge weights.</summary>
    /// <exception cref="ArgumentException">The graph stores an odd number of entries, so it is not undirected.</exception>
    public static void Write(string path, CsrGraph graph)
    {
        CheckUndirected(graph.EntryCount);
        AtomicWrite.File(path, stream => Write(stream, new CsrView(graph)));
    }

    /// <summary>Writes <paramref name="graph"/> to <paramref name="stream"/> in METIS format.</summary>
    /// <exception cref="ArgumentException">The graph stores an odd number of entries, so it is not undirected.</exception>
    public static void Write(Stream stream, CsrGraph graph) => Write(stream, new CsrView(graph));

    /// <summary>As <see cref="Write(string, CsrGraph)"/>, for a graph beyond int offsets: the file
    /// <see cref="ReadAny(string, bool)"/> reads back into the same graph.</summary>
    /// <exception cref="ArgumentException">The graph stores an odd number of entries, so it is not undirected.</exception>
    public static void Write(string path, LargeCsrGraph graph)
    {
        CheckUndirected(graph.EntryCount);
        AtomicWrite.File(path, stream => Write(stream, new LargeView(graph)));
    }

    /// <summary>Writes a graph of either size to <paramref name="path"/> as <see cref="Write(string, CsrGraph)"/> does.</summary>
    /// <exception cref="ArgumentException">The graph stores an odd number of entries, so it is not undirected.</exception>
    public static void Write(string path, AnyCsrGraph graph)
    {
        if (graph.Csr is { } csr) Write(path, csr);
        else Write(path, graph.Large!);
    }

    private static void Write<TGraph>(Stream stream, TGraph graph) where TGraph : struct, IGraphView
    {
        CheckUndirected(graph.EntryCount);
        var output = new AsciiIntWriter(stream);
        output.Int(graph.NodeCount);
        output.Int(graph.EntryCount / 2, ' ');
        if (graph.HasNodeWeights || graph.HasEdgeWeights)
            output.Text(graph.HasNodeWeights ? (graph.HasEdgeWeights ? " 011" : " 010") : " 001");
        output.EndLine();
        for (int u = 0; u < graph.NodeCount; u++)
        {
            char separator = '\0';
            if (graph.HasNodeWeights) { output.Int(graph.NodeWeight(u)); separator = ' '; }
            int[] cols = graph.RowEntries(u, out int[]? weights, out int start, out int end);
            for (int e = start; e < end; e++)
            {
                output.Int(cols[e] + 1, separator);
                separator = ' ';
                if (graph.HasEdgeWeights) output.Int(graph.EdgeWeight(weights, e), ' ');
            }
            output.EndLine();
        }
        output.Flush();
    }

    private static void CheckUndirected(long entries)
    {
        if (entries % 2 != 0)
            throw new ArgumentException($"graph: {entries} entries is odd, so the graph is not undirected; METIS files need both directions.", "graph");
    }

    private readonly record struct Header(int Nodes, long Edges, bool Sizes, bool NodeWeights, bool EdgeWeights, long Fmt)
    {
        public static Header Read(AsciiIntReader reader, string name, bool allowLarge)
        {
            if (!reader.NextLine(skipBlank: true)) throw new InvalidDataException($"{name}: empty file: no header line 'n m [fmt [ncon]]'.");
            Span<long> fields = stackalloc long[4];
            int count = 0;
            while (count < 4 && reader.TryReadInt(out long value)) fields[count++] = value;
            if (count < 2) throw reader.Error("the header needs at least 'n m'.");
            long n = fields[0], m = fields[1], fmt = count > 2 ? fields[2] : 0, ncon = count > 3 ? fields[3] : 1;
            if (n >= Array.MaxLength) throw reader.Error($"n = {n} nodes is more than a CSR graph with int offsets holds.");
            if (!allowLarge && 2 * m > Array.MaxLength) throw reader.Error($"m = {m} edges is more than a CSR graph with int offsets holds ({Array.MaxLength / 2}).");
            if (m > long.MaxValue / 4) throw reader.Error($"m = {m} edges is more than any graph holds.");
            if (fmt is not (0 or 1 or 10 or 11 or 100 or 101 or 110 or 111))
                throw reader.Error($"fmt {fmt} is not one of 0, 1, 10, 11, 100, 101, 110, 111 (digits: sizes, node weights, edge weights).");
            if (ncon != 1) throw reader.Error($"ncon = {ncon}: only one node weight per node is supported.");
            reader.EndLine("header field");
            return new Header((int)n, m, fmt >= 100, fmt % 100 >= 10, fmt % 10 == 1, fmt);
        }
    }

    // The node lines as read, before the checks that need whole rows. When it stores the rows (storesRows; a large
    // graph's go to a LargeCsrGraph.Builder instead), they hold Stored entries; Entries counts every neighbour listed,
    // which exceeds Stored only when a strict read stopped storing past the header's count.
    private sealed class NodeLines(int nodes, bool storesRows)
    {
        public int[] RowPtr = storesRows ? new int[nodes + 1] : [];
        public int[] ColIdx = [];
        public int[]? EdgeWeights;
        public int Stored;
        public int[]? NodeWeights;
        public long Entries;
        public long FirstNodeLine; // the line after the header
        public readonly List<int> CommentBefore = []; // for each comment among the node lines, the node it precedes

        public int Nodes => nodes;

        public long LineOf(int node)
        {
            int lo = 0, hi = CommentBefore.Count; // comments among the node lines up to this node's line
            while (lo < hi)
            {
                int mid = (lo + hi) >>> 1;
                if (CommentBefore[mid] <= node) lo = mid + 1; else hi = mid;
            }
            return FirstNodeLine + node + lo;
        }

        public CsrGraph ToGraph()
        {
            int stored = RowPtr[^1];
            return new CsrGraph(RowPtr, stored == ColIdx.Length ? ColIdx : ColIdx[..stored],
                EdgeWeights is null || stored == EdgeWeights.Length ? EdgeWeights : EdgeWeights[..stored], NodeWeights);
        }

        // Reads the node lines, checking each, and hands every entry to store.
        public void Read<TStore>(AsciiIntReader reader, string name, Header header, bool symmetrize, TStore store) where TStore : struct, IEntryStore
        {
            int n = header.Nodes;
            if (reader.BytesLeft is { } left && n > left + 1) // every node line but the last ends with a line break
                throw new InvalidDataException($"{name}: truncated: the header says {n} nodes but only {left} bytes follow it.");
            (NodeWeights, FirstNodeLine) = (header.NodeWeights ? new int[n] : null, reader.Line);
            long expected = 2 * header.Edges;
            if (storesRows)
            {
                int capacity = (int)Math.Min(Math.Min(expected, (reader.BytesLeft ?? 1 << 20) / 2 + 16), Array.MaxLength);
                if (symmetrize) capacity = Math.Max(capacity, 16);
                ColIdx = new int[capacity];
                if (header.EdgeWeights) EdgeWeights = new int[capacity];
            }

            var lastListedBy = new int[n]; // node + 1 of the last row that listed each node: finds a neighbour listed twice
            for (int u = 0; u < n; u++)
            {
                int commentsBefore = reader.Comments;
                if (!reader.NextLine(skipBlank: false))
                    throw new InvalidDataException($"{name}: truncated: the header says {n} nodes but the file ends after {u} node lines (line {reader.Line}).");
                for (int c = commentsBefore; c < reader.Comments; c++) CommentBefore.Add(u);
                if (header.Sizes && !reader.TryReadInt(out _)) throw reader.Error($"node {u + 1} has no size (fmt {header.Fmt:D3}).");
                if (NodeWeights is not null)
                {
                    if (!reader.TryReadInt(out long weight)) throw reader.Error($"node {u + 1} has no weight (fmt {header.Fmt:D3}).");
                    if (weight > int.MaxValue) throw reader.Error($"node {u + 1} has weight {weight}, more than {int.MaxValue}.");
                    NodeWeights[u] = (int)weight;
                }
                while (reader.TryReadInt(out long v))
                {
                    if (v < 1 || v > n) throw reader.Error($"node {u + 1} lists neighbour {v}, outside [1, {n}].");
                    int weight = 1;
                    if (header.EdgeWeights)
                    {
                        if (!reader.TryReadInt(out long w)) throw reader.Error($"node {u + 1}: neighbour {v} has no edge weight (fmt {header.Fmt:D3}).");
                        if (w < 1 || w > int.MaxValue) throw reader.Error($"node {u + 1}: the edge to {v} has weight {w}, outside [1, {int.MaxValue}].");
                        weight = (int)w;
                    }
                    int target = (int)v - 1;
                    if (!symmetrize)
                    {
                        if (target == u) throw reader.Error($"node {u + 1} lists itself (a self-loop; symmetrizing drops them).");
                        if (lastListedBy[target] == u + 1) throw reader.Error($"node {u + 1} lists neighbour {v} twice (symmetrizing merges them).");
                        lastListedBy[target] = u + 1;
                        Entries++;
                        if (Entries > expected) continue; // wrong count: reported after counting them all
                    }
                    else
                    {
                        if (target == u) continue;
                        Entries++;
                    }
                    store.Add(target, weight);
                }
                reader.EndLine("number");
                store.EndRow(u);
            }
            if (reader.NextLine(skipBlank: true)) throw reader.Error($"more node lines than the header's n = {n}.");
        }

        public void Grow(string name)
        {
            if (ColIdx.Length == Array.MaxLength)
                throw new InvalidDataException($"{name}: more neighbour entries than a CSR graph with int offsets holds.");
            int size = (int)Math.Min(Math.Max(2L * ColIdx.Length, 1024), Array.MaxLength);
            Array.Resize(ref ColIdx, size);
            if (EdgeWeights is not null) Array.Resize(ref EdgeWeights, size);
        }
    }

    // Where the node lines' entries go: a struct, so the reading loop is compiled for each.
    private interface IEntryStore
    {
        void Add(int target, int weight);

        void EndRow(int node);
    }

    private readonly struct ArrayStore(NodeLines lines, string name) : IEntryStore
    {
        public void Add(int target, int weight)
        {
            if (lines.Stored == lines.ColIdx.Length) lines.Grow(name);
            lines.ColIdx[lines.Stored] = target;
            if (lines.EdgeWeights is not null) lines.EdgeWeights[lines.Stored] = weight;
            lines.Stored++;
        }

        public void EndRow(int node) => lines.RowPtr[node + 1] = lines.Stored;
    }

    private readonly struct BuilderStore(LargeCsrGraph.Builder builder) : IEntryStore
    {
        public void Add(int target, int weight) => builder.Add(target, weight);

        public void EndRow(int node) => builder.EndRow();
    }

    // The rows being checked, in place, whatever holds them; weights are empty when the graph is unweighted.
    private interface IRows
    {
        int Nodes { get; }

        Span<int> Cols(int u);

        Span<int> Weights(int u);
    }

    private readonly struct ArrayRows(NodeLines lines) : IRows
    {
        public int Nodes => lines.Nodes;

        public Span<int> Cols(int u) => lines.ColIdx.AsSpan(lines.RowPtr[u], lines.RowPtr[u + 1] - lines.RowPtr[u]);

        public Span<int> Weights(int u) =>
            lines.EdgeWeights is null ? default : lines.EdgeWeights.AsSpan(lines.RowPtr[u], lines.RowPtr[u + 1] - lines.RowPtr[u]);
    }

    // A large graph's rows, sorted and checked before the graph is handed out.
    private readonly struct ChunkRows(LargeCsrGraph graph) : IRows
    {
        public int Nodes => graph.NodeCount;

        public Span<int> Cols(int u) => graph.MutableNeighbors(u);

        public Span<int> Weights(int u) => graph.MutableNeighborWeights(u);
    }

    // Files written by us and by most tools list neighbours in increasing order; others get sorted here, so the
    // graph (and its checksum) does not depend on the order a file lists neighbours in.
    private static void SortRows<TRows>(TRows rows) where TRows : struct, IRows
    {
        for (int u = 0; u < rows.Nodes; u++)
        {
            Span<int> cols = rows.Cols(u);
            for (int e = 1; e < cols.Length; e++)
                if (cols[e] < cols[e - 1])
                {
                    Span<int> weights = rows.Weights(u);
                    if (weights.IsEmpty) cols.Sort();
                    else cols.Sort(weights);
                    break;
                }
        }
    }

    // Sorted rows: a neighbour listed twice is one edge, its weights summed.
    private static void MergeDuplicates(NodeLines rows, string name)
    {
        int write = 0;
        for (int u = 0; u < rows.Nodes; u++)
        {
            int begin = rows.RowPtr[u], end = rows.RowPtr[u + 1];
            rows.RowPtr[u] = write;
            for (int e = begin; e < end; e++)
            {
                if (write > rows.RowPtr[u] && rows.ColIdx[write - 1] == rows.ColIdx[e])
                {
                    if (rows.EdgeWeights is not null)
                    {
                        long sum = (long)rows.EdgeWeights[write - 1] + rows.EdgeWeights[e];
                        if (sum > int.MaxValue)
                            throw new InvalidDataException($"{name}: line {rows.LineOf(u)}: the merged weight of edge ({u + 1}, {rows.ColIdx[e] + 1}) exceeds {int.MaxValue}.");
                        rows.EdgeWeights[write - 1] = (int)sum;
                    }
                    continue;
                }
                rows.ColIdx[write] = rows.ColIdx[e];
                if (rows.EdgeWeights is not null) rows.EdgeWeights[write] = rows.EdgeWeights[e];
                write++;
            }
        }
        rows.RowPtr[^1] = write;
    }

    private readonly record struct Asymmetry(int Node, string Message);

    // Rows are symmetric when the edges seen from their lower end, as (lower, upper, weight), are the edges seen from
    // their upper end. Sums of a keyed hash of the edges on each side compare the two in one streaming pass, run in
    // parallel; FirstAsymmetry walks the rows in random order, on one core (0.66 s of a 748 MB Reddit-scale file's
    // 2.1 s read). A row lists a neighbour at most once (the reader checks), so for asymmetric rows the two sums differ
    // by a nonzero sum of ±hashes, which is zero with probability 2⁻⁶⁴; the key is drawn for each read, so no file
    // can be built to collide. Symmetric rows always match; unmatched ones go to FirstAsymmetry for the message.
    private static bool HasMatchingSides<TRows>(TRows rows) where TRows : struct, IRows
    {
        const int Ranges = 256;
        // Unpredictable, not reproducible: Random.Shared is seeded from the OS per process. The cryptographic
        // generator would load OpenSSL, ~5 MB of peak memory (sbm-100k at k = 1500: 83-92 -> 90-99 MB).
        ulong key = (ulong)Random.Shared.NextInt64(long.MinValue, long.MaxValue);
        var difference = new ulong[Ranges];
        Parallel.For(0, Ranges, range =>
        {
            int first = (int)((long)rows.Nodes * range / Ranges), end = (int)((long)rows.Nodes * (range + 1) / Ranges);
            ulong lowerSide = 0, upperSide = 0;
            for (int u = first; u < end; u++)
            {
                Span<int> cols = rows.Cols(u), weights = rows.Weights(u);
                for (int e = 0; e < cols.Length; e++)
                {
                    int v = cols[e];
                    ulong hash = Randomness.SplitMix64.At(key, (long)Math.Min(u, v) << 32 | (uint)Math.Max(u, v));
                    if (!weights.IsEmpty) hash = Randomness.SplitMix64.At(hash, weights[e]);
                    if (u < v) lowerSide += hash; else upperSide += hash;
                }
            }
            difference[range] = lowerSide - upperSide;
        });
        ulong total = 0;
        foreach (ulong d in difference) total += d;
        return total == 0;
    }

    // One linear pass over sorted rows: visiting u in increasing order, every row v > u that lists u must list it
    // next after the nodes below u, so a cursor per row (a position in it) walks each row's lower part once. The
    // first mismatch is reported on the line of the node whose entry has no partner.
    private static Asymmetry? FirstAsymmetry<TRows>(TRows rows) where TRows : struct, IRows
    {
        var cursor = new int[rows.Nodes];
        for (int u = 0; u < rows.Nodes; u++)
        {
            Span<int> row = rows.Cols(u), weights = rows.Weights(u);
            int c = cursor[u];
            if (c < row.Length && row[c] < u) return Missing(u, row[c]);
            for (int e = c; e < row.Length; e++)
            {
                int v = row[e];
                Span<int> other = rows.Cols(v);
                int partner = cursor[v];
                if (partner < other.Length && other[partner] == u)
                {
                    if (!weights.IsEmpty && rows.Weights(v)[partner] != weights[e])
                        return new Asymmetry(u, $"node {u + 1} lists {v + 1} with weight {weights[e]} but node {v + 1} lists {u + 1} with weight {rows.Weights(v)[partner]}.");
                    cursor[v]++;
                }
                else if (partner < other.Length && other[partner] < u) return Missing(v, other[partner]);
                else return Missing(u, v);
            }
        }
        return null;

        static Asymmetry Missing(int u, int v) =>
            new(u, $"node {u + 1} lists {v + 1} but node {v + 1} does not list {u + 1} (the graph must be undirected; symmetrizing adds the missing direction).");
    }

    // The union of the rows and their transpose: sorted rows of both are merged; an edge listed both ways keeps the
    // larger weight, so a file that was already symmetric reads unchanged.
    private static CsrGraph Symmetrized(NodeLines rows, string name)
    {
        int n = rows.Nodes;
        int[] rowPtr = rows.RowPtr, colIdx = rows.ColIdx;
        int[]? weights = rows.EdgeWeights;
        var transpose = CsrTranspose.Of(rowPtr, colIdx.AsSpan(0, rowPtr[^1]), n);
        var newRowPtr = new int[n + 1];
        long total = 0;
        for (int u = 0; u < n; u++)
        {
            total += MergeRow(u, null, null, 0);
            if (total > Array.MaxLength) throw new InvalidDataException($"{name}: the symmetrized graph has more entries than a CSR graph with int offsets holds.");
            newRowPtr[u + 1] = (int)total;
        }
        var newColIdx = new int[total];
        var newWeights = weights is null ? null : new int[total];
        for (int u = 0; u < n; u++) MergeRow(u, newColIdx, newWeights, newRowPtr[u]);
        return new CsrGraph(newRowPtr, newColIdx, newWeights, rows.NodeWeights);

        // Counts row u of the union, and writes it at offset when given an output.
        int MergeRow(int u, int[]? outCol, int[]? outWeight, int offset)
        {
            int a = rowPtr[u], aEnd = rowPtr[u + 1], b = transpose.RowPtr[u], bEnd = transpose.RowPtr[u + 1], count = 0;
            while (a < aEnd || b < bEnd)
            {
                int va = a < aEnd ? colIdx[a] : int.MaxValue, vb = b < bEnd ? transpose.ColIdx[b] : int.MaxValue;
                int v = Math.Min(va, vb);
                int w = 0;
                if (va == v) w = weights?[a] ?? 1;
                if (vb == v) w = Math.Max(w, weights?[transpose.SourceEntry[b]] ?? 1);
                if (va == v) a++;
                if (vb == v) b++;
                if (outCol is not null)
                {
                    outCol[offset + count] = v;
                    if (outWeight is not null) outWeight[offset + count] = w;
                }
                count++;
            }
            return count;
        }
    }
}
