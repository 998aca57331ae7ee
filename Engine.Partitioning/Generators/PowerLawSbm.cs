using ClusterGcn.Engine.Partitioning.Graphs;
using ClusterGcn.Engine.Partitioning.Randomness;

namespace ClusterGcn.Engine.Partitioning.Generators;

/// <summary>The shape of a degree-corrected stochastic block model with power-law degrees.</summary>
/// <param name="Nodes">Number of nodes n.</param>
/// <param name="Edges">Expected number of undirected edges m (the result lands within a fraction of a percent).</param>
/// <param name="Blocks">Number of communities; sizes vary between about 0.5× and 1.5× the mean.</param>
/// <param name="Exponent">Power-law exponent γ of the degree distribution, in (2, 4).</param>
/// <param name="InsideFraction">Expected fraction of edges inside communities, in [0, 1].</param>
/// <param name="MaxDegreeRatio">Expected degree of each community's hub over the community's mean degree.</param>
public sealed record SbmSpec(int Nodes, long Edges, int Blocks, double Exponent = 2.3, double InsideFraction = 0.8, double MaxDegreeRatio = 40)
{
    /// <summary>100,000 nodes, 1,000,000 edges, 100 communities of ~1,000 nodes (average degree 20).</summary>
    public static SbmSpec Small { get; } = new(100_000, 1_000_000, 100);

    /// <summary>Reddit's size: 232,965 nodes, 57,307,946 undirected edges (average degree ~490), 41 communities as
    /// Reddit has 41 classes.</summary>
    public static SbmSpec RedditScale { get; } = new(232_965, 57_307_946, 41);
}

/// <summary>A generated graph with each node's community, for callers (datasets) that derive labels from it.</summary>
/// <param name="Graph">The undirected graph: symmetric, sorted rows, no self-loops or duplicates.</param>
/// <param name="Community">The community (0..Blocks-1) of every node.</param>
/// <param name="Blocks">Number of communities.</param>
public sealed record SbmGraph(CsrGraph Graph, int[] Community, int Blocks);

/// <summary>A seeded degree-corrected stochastic block model with power-law degrees (Chung–Lu weights per
/// community): nodes u and v are joined with probability min(1, c·w_u·w_v), with c much larger inside a community
/// than across, so degrees follow a power law and most edges stay inside communities. The same spec and seed give the
/// same graph on any thread count.</summary>
/// <remarks>
/// Within a community, node weights are <c>(rank + i0)^(-1/(γ-1))</c>, with i0 chosen so the hub's weight is
/// <see cref="SbmSpec.MaxDegreeRatio"/> times the mean. c inside is calibrated by bisection so that the expected
/// number of inside edges, saturated probabilities included, is <c>InsideFraction·m</c>; c across gives the rest.
/// Every pair is decided once, by the skipping method of Miller and Hagberg (geometric jumps over a run of pairs
/// whose probability only falls, each landing accepted with the true probability over the bound), so the cost is
/// O(n·blocks + m) and no edge is drawn twice. Each node's draws come from its own seeded stream, so the edges are
/// enumerated twice, once to count degrees and once to fill the rows, and memory stays that of the CSR itself.
/// Node ids are a seeded permutation of the community-ordered layout, so ids carry no hint of the communities.
/// </remarks>
public static class PowerLawSbm
{
    private const ulong SizeStream = 1, EdgeStream = 2, PermutationStream = 3;

    /// <summary>Generates the graph of <paramref name="spec"/> with <paramref name="seed"/>, on
    /// <paramref name="threads"/> threads (0 = one per core; the result never depends on it).</summary>
    /// <exception cref="ArgumentException">The spec is out of range, or too dense for its communities.</exception>
    public static SbmGraph Generate(SbmSpec spec, ulong seed, int threads = 0)
    {
        Check(spec);
        var layout = Layout.Create(spec, seed);
        int n = spec.Nodes;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = threads > 0 ? threads : Environment.ProcessorCount };

        // Pass 1: degrees. Pass 2: each edge into both rows. Increments are atomic, so rows fill in an order that
        // depends on timing; sorting every row afterwards makes the result depend on the seed alone.
        var count = new int[n + 1];
        ForEachChunk(parallel, n, u => layout.ForEachEdge(u, new Counter(count, layout.RealId)));
        var rowPtr = new int[n + 1];
        long total = 0;
        for (int x = 0; x < n; x++)
        {
            total += count[x];
            if (total > Array.MaxLength) throw new ArgumentException($"sbm: more than {Array.MaxLength} entries.");
            rowPtr[x + 1] = (int)total;
        }
        var colIdx = new int[total];
        Array.Copy(rowPtr, count, n); // count becomes each row's next free slot
        ForEachChunk(parallel, n, u => layout.ForEachEdge(u, new Filler(count, colIdx, layout.RealId)));
        ForEachChunk(parallel, n, x => Array.Sort(colIdx, rowPtr[x], rowPtr[x + 1] - rowPtr[x]));

        var community = new int[n];
        for (int u = 0; u < n; u++) community[layout.RealId[u]] = layout.BlockOf(u);
        return new SbmGraph(new CsrGraph(rowPtr, colIdx), community, spec.Blocks);
    }

    private static void Check(SbmSpec spec)
    {
        if (spec.Blocks < 1 || spec.Nodes < 2 * spec.Blocks)
            throw new ArgumentException($"sbm: {spec.Nodes} nodes in {spec.Blocks} blocks; each block needs at least 2 nodes.");
        if (spec.Edges < 0) throw new ArgumentException($"sbm: {spec.Edges} edges is negative.");
        if (!(spec.Exponent > 2 && spec.Exponent < 4)) throw new ArgumentException($"sbm: exponent {spec.Exponent} must be in (2, 4).");
        if (!(spec.InsideFraction >= 0 && spec.InsideFraction <= 1)) throw new ArgumentException($"sbm: inside fraction {spec.InsideFraction} must be in [0, 1].");
        if (!(spec.MaxDegreeRatio > 1)) throw new ArgumentException($"sbm: max degree ratio {spec.MaxDegreeRatio} must exceed 1.");
        if (spec.InsideFraction < 1 && spec.Blocks == 1) throw new ArgumentException("sbm: edges across communities need at least 2 blocks.");
    }

    // Nodes in chunks of fixed size; Parallel.For hands chunks out dynamically because hubs make work uneven.
    private static void ForEachChunk(ParallelOptions parallel, int n, Action<int> body)
    {
        const int Chunk = 512;
        Parallel.For(0, (n + Chunk - 1) / Chunk, parallel, chunk =>
        {
            for (int u = chunk * Chunk, end = Math.Min(n, u + Chunk); u < end; u++) body(u);
        });
    }

    private interface IEdgeSink
    {
        void Edge(int u, int v);
    }

    private readonly struct Counter(int[] count, int[] realId) : IEdgeSink
    {
        public void Edge(int u, int v)
        {
            Interlocked.Increment(ref count[realId[u]]);
            Interlocked.Increment(ref count[realId[v]]);
        }
    }

    private readonly struct Filler(int[] next, int[] colIdx, int[] realId) : IEdgeSink
    {
        public void Edge(int u, int v)
        {
            int x = realId[u], y = realId[v];
            colIdx[Interlocked.Increment(ref next[x]) - 1] = y;
            colIdx[Interlocked.Increment(ref next[y]) - 1] = x;
        }
    }

    // Nodes in "layout" ids: community b holds ids Start[b]..Start[b+1]-1 in decreasing weight, so for a fixed u the
    // probabilities over a community's range only fall, which the skipping needs.
    private sealed class Layout
    {
        public required int[] Start;
        public required double[] Weight;
        public required int[] RealId;
        public required double Inside, Across;
        public required ulong EdgeSeed;

        public int BlockOf(int u)
        {
            int b = Array.BinarySearch(Start, u);
            return b >= 0 ? b : ~b - 1;
        }

        public static Layout Create(SbmSpec spec, ulong seed)
        {
            int n = spec.Nodes, blocks = spec.Blocks;
            var start = BlockStarts(spec, SplitMix64.Derive(seed, SizeStream));
            var weight = new double[n];
            double alpha = 1 / (spec.Exponent - 1);
            var blockWeight = new double[blocks];
            for (int b = 0; b < blocks; b++)
            {
                int size = start[b + 1] - start[b];
                double offset = HubOffset(size, alpha, spec.MaxDegreeRatio);
                for (int i = 0; i < size; i++) blockWeight[b] += weight[start[b] + i] = Math.Pow(i + offset, -alpha);
            }
            double insideEdges = spec.InsideFraction * spec.Edges, acrossEdges = spec.Edges - insideEdges;
            double all = blockWeight.Sum(), squares = blockWeight.Sum(w => w * w);
            double across = acrossEdges == 0 ? 0 : acrossEdges / ((all * all - squares) / 2);
            return new Layout
            {
                Start = start,
                Weight = weight,
                RealId = new SplitMix64(SplitMix64.Derive(seed, PermutationStream)).Permutation(n),
                Inside = CalibrateInside(start, weight, insideEdges),
                Across = across,
                EdgeSeed = SplitMix64.Derive(seed, EdgeStream),
            };
        }

        // Block sizes proportional to 0.5 + uniform[0, 1), at least 2 each, summing to n.
        private static int[] BlockStarts(SbmSpec spec, ulong seed)
        {
            var random = new SplitMix64(seed);
            var share = new double[spec.Blocks];
            for (int b = 0; b < share.Length; b++) share[b] = 0.5 + random.NextDouble();
            double sum = share.Sum();
            var start = new int[spec.Blocks + 1];
            int spare = spec.Nodes - 2 * spec.Blocks;
            for (int b = 0; b < spec.Blocks; b++)
                start[b + 1] = b == spec.Blocks - 1 ? spec.Nodes : start[b] + 2 + (int)(spare * share[b] / sum);
            return start;
        }

        // The offset i0 for which the first weight (i0^-α) is ratio times the mean weight of the block, using the
        // integral of (x + i0)^-α over [0, size] for the mean. The ratio falls as i0 grows, so bisect on log i0.
        private static double HubOffset(int size, double alpha, double ratio)
        {
            double Ratio(double offset) =>
                Math.Pow(offset, -alpha) * (1 - alpha) * size / (Math.Pow(size + offset, 1 - alpha) - Math.Pow(offset, 1 - alpha));
            double lo = Math.Log(1e-6), hi = Math.Log(1e12);
            for (int step = 0; step < 100; step++)
            {
                double mid = (lo + hi) / 2;
                if (Ratio(Math.Exp(mid)) > ratio) lo = mid; else hi = mid;
            }
            return Math.Exp(hi);
        }

        // The c for which Σ over pairs inside blocks of min(1, c·w_u·w_v) = target. Within a block (weights
        // decreasing) the pairs (i, j > i) saturate for j below a threshold found by binary search; the rest sum to
        // c·w_i·(suffix sum of weights). The total grows with c, so bisect on log c.
        private static double CalibrateInside(int[] start, double[] weight, double target)
        {
            if (target == 0) return 0;
            var suffix = new double[weight.Length]; // weight of i and the rest of its block
            double maxPairs = 0;
            for (int b = 0; b < start.Length - 1; b++)
            {
                for (int i = start[b + 1] - 1; i >= start[b]; i--) suffix[i] = (i + 1 < start[b + 1] ? suffix[i + 1] : 0) + weight[i];
                long size = start[b + 1] - start[b];
                maxPairs += size * (size - 1) / 2.0;
            }
            if (target > 0.9 * maxPairs)
                throw new ArgumentException($"sbm: {target:F0} edges inside communities need more than 90% of the {maxPairs:F0} pairs there; use fewer, larger blocks or fewer edges.");
            double Expected(double c)
            {
                double sum = 0;
                for (int b = 0; b < start.Length - 1; b++)
                {
                    int end = start[b + 1];
                    for (int i = start[b]; i < end - 1; i++)
                    {
                        double limit = 1 / (c * weight[i]); // pairs with w_j ≥ limit saturate
                        int lo = i + 1, hi = end;
                        while (lo < hi)
                        {
                            int mid = (lo + hi) >>> 1;
                            if (weight[mid] >= limit) lo = mid + 1; else hi = mid;
                        }
                        sum += (lo - i - 1) + c * weight[i] * (lo < end ? suffix[lo] : 0);
                    }
                }
                return sum;
            }
            double low = Math.Log(1e-300), high = Math.Log(1e300);
            for (int step = 0; step < 64; step++)
            {
                double mid = (low + high) / 2;
                if (Expected(Math.Exp(mid)) < target) low = mid; else high = mid;
            }
            return Math.Exp((low + high) / 2);
        }

        // Decides every pair (u, v > u) once: v runs over the rest of u's block, then over every later block.
        public void ForEachEdge<TSink>(int u, TSink sink) where TSink : struct, IEdgeSink
        {
            var random = new SplitMix64(SplitMix64.Derive(EdgeSeed, (ulong)u));
            int block = BlockOf(u);
            Scan(u, u + 1, Start[block + 1], Inside, ref random, sink);
            if (Across > 0)
                for (int b = block + 1; b < Start.Length - 1; b++) Scan(u, Start[b], Start[b + 1], Across, ref random, sink);
        }

        private void Scan<TSink>(int u, int from, int to, double c, ref SplitMix64 random, TSink sink) where TSink : struct, IEdgeSink
        {
            if (c == 0) return;
            double scale = c * Weight[u];
            int v = from;
            double bound = v < to ? Math.Min(1, scale * Weight[v]) : 0;
            while (v < to)
            {
                if (bound < 1)
                {
                    // Pairs fail independently with probability ≤ 1 − bound each: jump over a geometric run of them.
                    double logStay = bound < 1e-8 ? -bound - bound * bound / 2 : Math.Log(1 - bound);
                    double skip = Math.Floor(Math.Log(1 - random.NextDouble()) / logStay);
                    if (skip >= to - v) return;
                    v += (int)skip;
                }
                double p = Math.Min(1, scale * Weight[v]);
                if (random.NextDouble() * bound < p) sink.Edge(u, v);
                bound = p;
                v++;
            }
        }
    }
}
