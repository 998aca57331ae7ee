using System.Collections.Concurrent;
using ClusterGcn.Engine.Partitioning.Multilevel.Coarsening;
using ClusterGcn.Engine.Partitioning.Randomness;

namespace ClusterGcn.Engine.Partitioning.Multilevel.Refinement;

/// <summary>Size-constrained k-way label propagation (KaMinPar's LP refinement): each node whose neighbourhood changed
/// moves to the adjacent block it is most connected to, if that lowers the cut and the block has room.</summary>
/// <remarks>Nodes are cut into chunks of about <see cref="ChunkEntries"/> entries, visited in a seeded order. Within a
/// chunk every node decides in parallel from the partition frozen at the chunk's start; the moves are then committed
/// one by one in node order, each re-checked against the current partition (gain still positive, target still has
/// room). Chunk bounds depend only on the graph, so the result is the same for any thread count, and the cut never
/// rises.</remarks>
internal static class LabelPropagationRefiner
{
    internal const int ChunkEntries = 1 << 15;
    internal const int MaxRounds = 5;

    /// <summary>Rounds stop once fewer than this fraction of the nodes moved.</summary>
    internal const double StopFraction = 0.001;

    /// <returns>The cut reduction.</returns>
    public static long Refine<TGraph>(RefinementState<TGraph> state, ulong seed, int threads, int rounds = MaxRounds)
        where TGraph : struct, IGraphView
    {
        var graph = state.Graph;
        int n = graph.NodeCount;
        int[] chunkStart = ChunkStarts(graph);
        int chunkCount = chunkStart.Length - 1;
        var active = new bool[n];
        var nextActive = new bool[n];
        var desired = new int[n];
        Array.Fill(active, true);
        var pool = new ConcurrentBag<BlockConnections>();
        long reduction = 0;
        for (int round = 0; round < rounds; round++)
        {
            ulong roundSeed = SplitMix64.Derive(seed, (ulong)round);
            long moves = 0;
            foreach (int chunk in new SplitMix64(roundSeed).Permutation(chunkCount))
            {
                int begin = chunkStart[chunk], end = chunkStart[chunk + 1];
                Decide(state, begin, end, active, desired, roundSeed, threads, pool);
                for (int u = begin; u < end; u++)
                {
                    int to = desired[u];
                    if (to == state.Part[u] || !state.Fits(u, to)) continue;
                    long gain = state.Gain(u, to);
                    if (gain <= 0) continue;
                    state.Move(u, to);
                    reduction += gain;
                    moves++;
                    foreach (int v in graph.Row(u)) nextActive[v] = true;
                }
            }
            // On dense graphs a few moves wake almost every node, so a round costs a full scan however little it moved.
            if (moves <= (long)(StopFraction * n)) break;
            (active, nextActive) = (nextActive, active);
            Array.Clear(nextActive);
        }
        return reduction;
    }

    private static void Decide<TGraph>(RefinementState<TGraph> state, int begin, int end, bool[] active, int[] desired, ulong seed,
        int threads, ConcurrentBag<BlockConnections> pool) where TGraph : struct, IGraphView
    {
        if (threads == 1)
        {
            var scratch = Take(pool, state.Parts);
            for (int u = begin; u < end; u++) DecideOne(state, u, active, desired, seed, scratch);
            pool.Add(scratch);
            return;
        }
        Parallel.For(begin, end, new ParallelOptions { MaxDegreeOfParallelism = threads },
            () => Take(pool, state.Parts),
            (u, _, scratch) => { DecideOne(state, u, active, desired, seed, scratch); return scratch; },
            pool.Add);
    }

    private static void DecideOne<TGraph>(RefinementState<TGraph> state, int u, bool[] active, int[] desired, ulong seed, BlockConnections scratch)
        where TGraph : struct, IGraphView
    {
        int own = state.Part[u];
        desired[u] = own;
        if (!active[u]) return;
        scratch.Gather(state.Graph, state.Part, u);
        int to = scratch.BestTarget(own, state.Graph.NodeWeight(u), state.BlockWeights, state.MaxBlockWeight, seed, u);
        if (to >= 0 && scratch.To(to) > scratch.To(own)) desired[u] = to;
    }

    private static BlockConnections Take(ConcurrentBag<BlockConnections> pool, int parts) =>
        pool.TryTake(out var scratch) ? scratch : new BlockConnections(parts);

    /// <summary>Consecutive node ranges of about <see cref="ChunkEntries"/> entries each (a node's row is never split).</summary>
    private static int[] ChunkStarts<TGraph>(TGraph graph) where TGraph : struct, IGraphView
    {
        var starts = new List<int> { 0 };
        int n = graph.NodeCount;
        long sinceStart = 0;
        for (int u = 0; u < n; u++)
        {
            sinceStart += graph.Degree(u) + 1;
            if (sinceStart >= ChunkEntries && u + 1 < n)
            {
                starts.Add(u + 1);
                sinceStart = 0;
            }
        }
        starts.Add(n);
        return [.. starts];
    }
}
