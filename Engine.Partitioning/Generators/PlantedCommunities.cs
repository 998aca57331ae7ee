using System.Runtime.InteropServices;
using ClusterGcn.Engine.Partitioning.Graphs;
using ClusterGcn.Engine.Partitioning.Randomness;

namespace ClusterGcn.Engine.Partitioning.Generators;

/// <summary>The shape of a planted-community graph.</summary>
/// <param name="Nodes">Number of nodes n.</param>
/// <param name="CommunitySize">Nodes per community (consecutive ids; the last community holds the remainder).</param>
/// <param name="Inside">Probability that two nodes of one community are joined.</param>
/// <param name="Between">Probability that two nodes of neighbouring communities (on a ring) are joined.</param>
public sealed record PlantedSpec(int Nodes, int CommunitySize = 256, double Inside = 0.5, double Between = 0.02)
{
    /// <summary>Expected entries (twice the expected edges): n·((C − 1)·Inside + 2·C·Between).</summary>
    public double ExpectedEntries => (double)Nodes * ((CommunitySize - 1) * Inside + 2.0 * CommunitySize * Between);
}

/// <summary>A seeded planted-partition graph generated row by row, for graphs of more entries than a
/// <see cref="CsrGraph"/> holds: n nodes in communities of consecutive ids on a ring, two nodes of a community joined
/// with one probability and two nodes of neighbouring communities with a much smaller one.</summary>
/// <remarks>Each pair's coin is a hash of the unordered pair and the seed, so row u lists v exactly when row v lists u
/// and no row depends on another: rows stream into a <see cref="LargeCsrGraph.Builder"/> with no memory beyond the
/// graph itself (a METIS file of the graph streams from that). A row lists its neighbours in increasing id order,
/// without self-loops or duplicates. Blocks made of whole communities cut only ring edges, so a good partition's cut
/// is known in advance: on a ring of communities, a block of consecutive communities cuts the edges to its two ring
/// neighbours.</remarks>
public static class PlantedCommunities
{
    // Communities generated side by side before their rows are appended in order: enough work per batch to share
    // between cores, a bounded buffer (a batch of 512 communities of 256 nodes of degree ~140 is ~75 MB).
    private const int CommunitiesPerBatch = 512;

    /// <summary>Generates the graph of <paramref name="spec"/> with <paramref name="seed"/> on <paramref name="threads"/>
    /// threads (0 = one per core; the graph never depends on it), in chunks of at most <paramref name="chunkCapacity"/>
    /// entries (0 = <see cref="LargeCsrGraph.DefaultChunkCapacity"/>).</summary>
    /// <exception cref="ArgumentException">The spec is out of range (one line).</exception>
    public static LargeCsrGraph Generate(PlantedSpec spec, ulong seed, int threads = 0, int chunkCapacity = 0)
    {
        Check(spec);
        int n = spec.Nodes, size = spec.CommunitySize;
        int communities = (int)((n + (long)size - 1) / size);
        // The entries land within a few standard deviations (~√entries) of their expectation, above it half the time,
        // and a builder whose hint falls short doubles its last chunk: the hint carries a margin instead.
        long hint = (long)(spec.ExpectedEntries + 8 * Math.Sqrt(spec.ExpectedEntries)) + 1024;
        var builder = new LargeCsrGraph.Builder(n, edgeWeights: false, hint, chunkCapacity);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = threads > 0 ? threads : Environment.ProcessorCount };
        var rows = new List<int>[CommunitiesPerBatch];
        for (int i = 0; i < rows.Length; i++) rows[i] = [];
        var ends = new List<int>[CommunitiesPerBatch];
        for (int i = 0; i < ends.Length; i++) ends[i] = [];
        var sampler = new PairSampler(spec, seed, communities);
        for (int first = 0; first < communities; first += CommunitiesPerBatch)
        {
            int count = Math.Min(CommunitiesPerBatch, communities - first);
            Parallel.For(0, count, parallel, i => sampler.Community(first + i, rows[i], ends[i]));
            for (int i = 0; i < count; i++)
            {
                ReadOnlySpan<int> batch = CollectionsMarshal.AsSpan(rows[i]);
                int start = 0;
                foreach (int end in ends[i])
                {
                    builder.AddRow(batch[start..end], []);
                    start = end;
                }
            }
        }
        return builder.Build();
    }

    private static void Check(PlantedSpec spec)
    {
        if (spec.Nodes < 1 || spec.Nodes >= Array.MaxLength) throw new ArgumentException($"planted: {spec.Nodes} nodes is outside [1, {Array.MaxLength}).");
        if (spec.CommunitySize < 1) throw new ArgumentException($"planted: community size {spec.CommunitySize} must be positive.");
        if (!(spec.Inside is >= 0 and <= 1) || !(spec.Between is >= 0 and <= 1))
            throw new ArgumentException($"planted: probabilities {spec.Inside} and {spec.Between} must lie in [0, 1].");
    }

    // The rows of one community at a time: the pairs of a node with its own community and with the two ring neighbours.
    private sealed class PairSampler(PlantedSpec spec, ulong seed, int communities)
    {
        private readonly ulong inside = Threshold(spec.Inside), between = Threshold(spec.Between);

        // Appends the rows of community c's nodes to row (each row's end to ends), after clearing both.
        public void Community(int c, List<int> row, List<int> ends)
        {
            row.Clear();
            ends.Clear();
            // The communities a node of c may touch, in increasing id order so every row comes out sorted: the ring
            // neighbours c - 1 and c + 1 (the same one on a ring of two, none on a ring of one) and c itself.
            Span<int> touched = stackalloc int[3];
            int count = 0;
            foreach (int d in (ReadOnlySpan<int>)[c - 1, c, c + 1])
            {
                int wrapped = (d + communities) % communities;
                if (touched[..count].Contains(wrapped)) continue;
                touched[count++] = wrapped;
            }
            touched[..count].Sort();

            int from = c * spec.CommunitySize, to = (int)Math.Min(spec.Nodes, (long)from + spec.CommunitySize);
            for (int u = from; u < to; u++)
            {
                foreach (int d in touched[..count])
                {
                    ulong threshold = d == c ? inside : between;
                    if (threshold == 0) continue;
                    int dFrom = d * spec.CommunitySize, dTo = (int)Math.Min(spec.Nodes, (long)dFrom + spec.CommunitySize);
                    for (int v = dFrom; v < dTo; v++)
                        if (v != u && Joined(u, v, threshold)) row.Add(v);
                }
                ends.Add(row.Count);
            }
        }

        // The pair's coin: a hash of (min, max), so both rows see the same draw.
        private bool Joined(int u, int v, ulong threshold)
        {
            (long lo, long hi) = u < v ? (u, v) : (v, u);
            return SplitMix64.At(seed, lo * spec.Nodes + hi) >> 11 < threshold;
        }

        // A 53-bit coin lands below this with probability p (p = 1: always).
        private static ulong Threshold(double p) => p >= 1 ? ulong.MaxValue : (ulong)(p * (1UL << 53));
    }
}
