namespace ClusterGcn.Engine.Partitioning.Graphs;

/// <summary>An immutable graph in compressed sparse row form that may hold more entries than one .NET array can
/// (<see cref="Array.MaxLength"/>, about 2³¹): ogbn-papers100M stores ~3.2 billion. Offsets are <c>long</c>, and the
/// entries (neighbours and optional edge weights) lie in chunks of at most a fixed capacity, each row whole in one
/// chunk, so a row is still one span.</summary>
/// <remarks>Built row by row with <see cref="Builder"/>, or from a <see cref="CsrGraph"/> with <see cref="From"/>.
/// Rows are filled into a chunk in order until the next row does not fit; that row opens the next chunk. The
/// multilevel partitioner accepts it (<c>MultilevelPartitioner.Partition(LargeCsrGraph)</c>).</remarks>
public sealed class LargeCsrGraph
{
    /// <summary>The default chunk capacity: the largest int array .NET allocates.</summary>
    public static readonly int DefaultChunkCapacity = Array.MaxLength;

    private readonly long[] rowPtr;
    private readonly int[] rowChunk;
    private readonly long[] chunkStart;
    private readonly int[][] colChunks;
    private readonly int[][]? weightChunks;
    private readonly int[]? nodeWeights;

    // The arrays come from Builder, which lays rows out in chunks; they are checked here all the same.
    private LargeCsrGraph(long[] rowPtr, int[] rowChunk, long[] chunkStart, int[][] colChunks, int[][]? weightChunks, int[]? nodeWeights)
    {
        (this.rowPtr, this.rowChunk, this.chunkStart, this.colChunks, this.weightChunks, this.nodeWeights) =
            (rowPtr, rowChunk, chunkStart, colChunks, weightChunks, nodeWeights);
        Validate();
    }

    /// <summary>Number of nodes N.</summary>
    public int NodeCount => rowPtr.Length - 1;

    /// <summary>Number of stored (directed) entries; an undirected edge counts twice.</summary>
    public long EntryCount => rowPtr[^1];

    /// <summary>Number of chunks the entries lie in.</summary>
    public int ChunkCount => colChunks.Length;

    /// <summary>Row pointer, N + 1 entries: the entries of node u are the global entries [RowPtr[u], RowPtr[u + 1]).</summary>
    public ReadOnlySpan<long> RowPtr => rowPtr;

    /// <summary>Whether edges carry weights; without them every edge weighs 1.</summary>
    public bool HasEdgeWeights => weightChunks is not null;

    /// <summary>Whether nodes carry weights; without them every node weighs 1.</summary>
    public bool HasNodeWeights => nodeWeights is not null;

    /// <summary>Node weight per node, or empty when nodes are unweighted.</summary>
    public ReadOnlySpan<int> NodeWeights => nodeWeights;

    /// <summary>The neighbours of <paramref name="node"/>.</summary>
    public ReadOnlySpan<int> Neighbors(int node) => Row(colChunks, node);

    /// <summary>The weights of the edges to <see cref="Neighbors"/>(<paramref name="node"/>), in the same order;
    /// empty when the graph is unweighted.</summary>
    public ReadOnlySpan<int> NeighborWeights(int node) => weightChunks is null ? default : Row(weightChunks, node);

    /// <summary>Number of stored neighbours of <paramref name="node"/>.</summary>
    public int Degree(int node) => (int)(rowPtr[node + 1] - rowPtr[node]);

    /// <summary>Weight of <paramref name="node"/> (1 when unweighted).</summary>
    public int NodeWeight(int node) => nodeWeights is null ? 1 : nodeWeights[node];

    /// <summary>The same graph as <paramref name="graph"/>, its entries in chunks of at most
    /// <paramref name="chunkCapacity"/> (0 = <see cref="DefaultChunkCapacity"/>; small ones let tests cover many chunks).</summary>
    /// <exception cref="ArgumentException">A row has more entries than a chunk holds, or the capacity is negative.</exception>
    public static LargeCsrGraph From(CsrGraph graph, int chunkCapacity = 0)
    {
        var builder = new Builder(graph.NodeCount, graph.HasEdgeWeights, graph.EntryCount, chunkCapacity);
        for (int u = 0; u < graph.NodeCount; u++)
            builder.AddRow(graph.Neighbors(u), graph.HasEdgeWeights ? graph.EdgeWeights.Slice(graph.RowPtr[u], graph.Degree(u)) : default);
        return builder.Build(graph.HasNodeWeights ? graph.NodeWeights.ToArray() : null);
    }

    /// <summary>The same graph as a <see cref="CsrGraph"/>.</summary>
    /// <exception cref="ArgumentException">The graph has more entries than one array holds (one line).</exception>
    public CsrGraph ToCsrGraph()
    {
        if (EntryCount > Array.MaxLength)
            throw new ArgumentException($"graph: {EntryCount} entries are more than a CSR graph with int offsets holds ({Array.MaxLength}).");
        int n = NodeCount;
        var intRowPtr = new int[n + 1];
        var colIdx = new int[EntryCount];
        var edgeWeights = weightChunks is null ? null : new int[EntryCount];
        for (int u = 0; u < n; u++)
        {
            intRowPtr[u + 1] = (int)rowPtr[u + 1];
            Neighbors(u).CopyTo(colIdx.AsSpan(intRowPtr[u]));
            if (edgeWeights is not null) NeighborWeights(u).CopyTo(edgeWeights.AsSpan(intRowPtr[u]));
        }
        return new CsrGraph(intRowPtr, colIdx, edgeWeights, nodeWeights?.ToArray());
    }

    // Row u of chunks laid out as the column chunks (the weight chunks share their layout).
    private ReadOnlySpan<int> Row(int[][] chunks, int u)
    {
        long start = rowPtr[u];
        int chunk = rowChunk[u];
        return chunks[chunk].AsSpan((int)(start - chunkStart[chunk]), (int)(rowPtr[u + 1] - start));
    }

    // Row u as the entries [start, end) of its chunk, for the partitioner's tightest loops.
    internal int[] RowEntries(int node, out int[]? weights, out int start, out int end)
    {
        int chunk = rowChunk[node];
        start = Offset(node);
        end = start + Degree(node);
        weights = weightChunks?[chunk];
        return colChunks[chunk];
    }

    // Cache hints for the partitioner's random visiting orders (LargeView): a row's bounds, then its first entries.
    internal void PrefetchRowBounds(int node)
    {
        CacheHint.Prefetch(ref rowPtr[node]);
        CacheHint.Prefetch(ref rowChunk[node]);
    }

    internal void PrefetchRow(int node)
    {
        int chunk = rowChunk[node], offset = Offset(node);
        if (offset >= colChunks[chunk].Length) return;
        CacheHint.Prefetch(ref colChunks[chunk][offset]);
        if (weightChunks is not null) CacheHint.Prefetch(ref weightChunks[chunk][offset]);
    }

    // For readers in this assembly that sort or merge rows in place before anyone else sees the graph.
    internal Span<int> MutableNeighbors(int node) => colChunks[rowChunk[node]].AsSpan(Offset(node), Degree(node));

    internal Span<int> MutableNeighborWeights(int node) =>
        weightChunks is null ? default : weightChunks[rowChunk[node]].AsSpan(Offset(node), Degree(node));

    private int Offset(int node) => (int)(rowPtr[node] - chunkStart[rowChunk[node]]);

    // The checks CsrChecks makes of a CsrGraph, over long offsets and chunks, plus the chunk layout itself.
    private void Validate()
    {
        int n = NodeCount;
        if (rowPtr[0] != 0) throw new ArgumentException($"graph: row pointer starts at {rowPtr[0]}, not 0.");
        for (int u = 0; u < n; u++)
            if (rowPtr[u + 1] < rowPtr[u])
                throw new ArgumentException($"graph: row pointer decreases at row {u} ({rowPtr[u]} -> {rowPtr[u + 1]}).");
        if (chunkStart[0] != 0 || chunkStart[^1] != EntryCount)
            throw new ArgumentException($"graph: the chunks hold entries [{chunkStart[0]}, {chunkStart[^1]}) but the row pointer ends at {EntryCount}.");
        for (int c = 0; c < colChunks.Length; c++)
            if (chunkStart[c + 1] < chunkStart[c] || colChunks[c].Length < chunkStart[c + 1] - chunkStart[c]
                || weightChunks is not null && weightChunks[c].Length < chunkStart[c + 1] - chunkStart[c])
                throw new ArgumentException($"graph: chunk {c} does not hold its entries [{chunkStart[c]}, {chunkStart[c + 1]}).");
        for (int u = 0; u < n; u++)
        {
            int c = rowChunk[u];
            if ((uint)c >= (uint)colChunks.Length || rowPtr[u] < chunkStart[c] || rowPtr[u + 1] > chunkStart[c + 1])
                throw new ArgumentException($"graph: row {u} (entries [{rowPtr[u]}, {rowPtr[u + 1]})) does not lie in one chunk.");
            ReadOnlySpan<int> row = Neighbors(u), weights = NeighborWeights(u);
            for (int i = 0; i < row.Length; i++)
            {
                if ((uint)row[i] >= (uint)n) // one compare also rejects negatives
                    throw new ArgumentException($"graph: entry ({u}, {row[i]}) lies outside the {n} columns.");
                if (!weights.IsEmpty && weights[i] < 0)
                    throw new ArgumentException($"graph: edge weights[{rowPtr[u] + i}] = {weights[i]} is negative.");
            }
        }
        if (nodeWeights is null) return;
        if (nodeWeights.Length != n)
            throw new ArgumentException($"graph: node weights have {nodeWeights.Length} entries, expected {n}.");
        for (int u = 0; u < n; u++)
            if (nodeWeights[u] < 0) throw new ArgumentException($"graph: node weights[{u}] = {nodeWeights[u]} is negative.");
    }

    /// <summary>Builds a <see cref="LargeCsrGraph"/> row by row, in node order.</summary>
    /// <remarks>A chunk's array grows by doubling up to the capacity; when a row does not fit what is left of it, the
    /// row's entries so far move to a new chunk, sized for the entries still expected.</remarks>
    public sealed class Builder
    {
        private readonly int nodeCount;
        private readonly int chunkCapacity;
        private readonly long expectedEntries;
        private readonly long[] rowPtr;
        private readonly int[] rowChunk;
        private readonly List<long> chunkStart = [0];
        private readonly List<int[]> colChunks = [];
        private readonly List<int[]>? weightChunks;
        private int[] cols = [], weights = [];
        private int used; // entries in the current chunk, the current row's included
        private int rows;

        /// <summary>A builder for <paramref name="nodeCount"/> rows.</summary>
        /// <param name="nodeCount">Rows the graph will have.</param>
        /// <param name="edgeWeights">Whether every entry carries a weight.</param>
        /// <param name="expectedEntries">A hint: the entries the graph will likely have (sizes the chunks; 0 = unknown).</param>
        /// <param name="chunkCapacity">Entries per chunk at most; 0 = <see cref="DefaultChunkCapacity"/>.</param>
        /// <exception cref="ArgumentException">The node count or the capacity is negative.</exception>
        public Builder(int nodeCount, bool edgeWeights, long expectedEntries = 0, int chunkCapacity = 0)
        {
            if (nodeCount < 0 || nodeCount >= Array.MaxLength)
                throw new ArgumentException($"graph: node count {nodeCount} is outside [0, {Array.MaxLength}).", nameof(nodeCount));
            if (chunkCapacity < 0) throw new ArgumentException($"graph: chunk capacity {chunkCapacity} is negative.", nameof(chunkCapacity));
            this.nodeCount = nodeCount;
            this.chunkCapacity = chunkCapacity == 0 ? DefaultChunkCapacity : chunkCapacity;
            this.expectedEntries = Math.Max(0, expectedEntries);
            rowPtr = new long[nodeCount + 1];
            rowChunk = new int[nodeCount];
            weightChunks = edgeWeights ? [] : null;
        }

        /// <summary>Rows ended so far.</summary>
        public int Rows => rows;

        /// <summary>Entries added so far, those of the unfinished row included.</summary>
        public long Entries => chunkStart[^1] + used;

        /// <summary>Adds an entry to the current row; <paramref name="weight"/> is ignored by an unweighted builder.</summary>
        /// <exception cref="ArgumentException">The row has more entries than a chunk holds.</exception>
        public void Add(int neighbour, int weight = 1)
        {
            if (used == cols.Length) MakeRoom();
            cols[used] = neighbour;
            if (weightChunks is not null) weights[used] = weight;
            used++;
        }

        /// <summary>Adds a whole row and ends it; <paramref name="rowWeights"/> must match <paramref name="neighbours"/>
        /// when the builder is weighted.</summary>
        public void AddRow(ReadOnlySpan<int> neighbours, ReadOnlySpan<int> rowWeights)
        {
            for (int i = 0; i < neighbours.Length; i++) Add(neighbours[i], rowWeights.IsEmpty ? 1 : rowWeights[i]);
            EndRow();
        }

        /// <summary>Ends the current row: the entries added since the last <see cref="EndRow"/> are the next node's.</summary>
        /// <exception cref="ArgumentException">All rows are ended already.</exception>
        public void EndRow()
        {
            if (rows == nodeCount) throw new ArgumentException($"graph: more than the {nodeCount} rows the builder was made for.");
            rowChunk[rows] = colChunks.Count; // the current chunk, added to the list when it is closed
            rowPtr[++rows] = Entries;
        }

        /// <summary>The graph, with <paramref name="nodeWeights"/> if given.</summary>
        /// <exception cref="ArgumentException">Fewer rows were ended than the node count, an entry is not a node, or
        /// a weight is negative (one line).</exception>
        public LargeCsrGraph Build(int[]? nodeWeights = null)
        {
            if (rows != nodeCount) throw new ArgumentException($"graph: {rows} rows were ended, expected {nodeCount}.");
            if (Entries != rowPtr[rows]) throw new ArgumentException("graph: entries were added after the last row ended.");
            CloseChunk();
            return new LargeCsrGraph(rowPtr, rowChunk, [.. chunkStart], [.. colChunks], weightChunks?.ToArray(), nodeWeights);
        }

        // The current chunk is full: grow it, after moving the unfinished row to a new one when it is at capacity.
        private void MakeRoom()
        {
            if (cols.Length == chunkCapacity) MoveRowToNewChunk();
            if (used < cols.Length) return;
            long remaining = expectedEntries - Entries;
            int size = (int)Math.Min(chunkCapacity, Math.Max(Math.Max(2L * cols.Length, 1024), remaining));
            Array.Resize(ref cols, size);
            if (weightChunks is not null) Array.Resize(ref weights, size);
        }

        private void MoveRowToNewChunk()
        {
            int rowUsed = (int)(Entries - rowPtr[rows]);
            if (rowUsed >= chunkCapacity)
                throw new ArgumentException($"graph: node {rows} has more than {chunkCapacity} entries, the capacity of a chunk.");
            int[] rowCols = cols[(used - rowUsed)..used], rowWeights = weightChunks is null ? [] : weights[(used - rowUsed)..used];
            used -= rowUsed;
            CloseChunk();
            (cols, weights, used) = (rowCols, rowWeights, rowUsed);
        }

        // Files the current chunk as it is (its array may hold unused room at the end; rows never reach it).
        private void CloseChunk()
        {
            colChunks.Add(cols);
            weightChunks?.Add(weights);
            chunkStart.Add(chunkStart[^1] + used);
        }
    }
}
