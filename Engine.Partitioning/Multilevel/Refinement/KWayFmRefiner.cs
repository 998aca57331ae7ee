using ClusterGcn.Engine.Partitioning.Multilevel.Coarsening;

namespace ClusterGcn.Engine.Partitioning.Multilevel.Refinement;

/// <summary>Localized k-way Fiduccia–Mattheyses: from each node of the pass's starting boundary (seeded order) a search repeatedly moves
/// the queued node with the highest gain to its best adjacent block with room, even when the gain is negative,
/// queues its neighbours, and finally rolls back to the best prefix of its moves. Negative moves let it climb out of
/// the local minima where label propagation stops.</summary>
/// <remarks>Connections come from a <see cref="GainCache{TGraph, TScope}"/>, so a move costs its
/// degree, and the queue keys are exact: after a move, every unlocked neighbour's key is set to its new best gain in
/// an addressable heap (<see cref="GainQueue"/>; a lazy-deletion priority queue of (gain, node) tuples cost 10-15%
/// more time on 1M-node meshes), and a popped node whose target has filled up since is queued again under the gain
/// of its best move that fits. The work (entries scanned) is capped by the
/// caller's budget, and each search stops after <see cref="FruitlessMoves"/> moves without a new best.
/// <para>Deterministic on any number of threads. From <see cref="MinPartsToSplit"/> blocks on, a pass splits the
/// blocks in two sides (<see cref="Sides"/>): a side's searches move its nodes between its blocks only and read
/// only their connections to its blocks, so neither side sees the other's moves, and the two run side by side with
/// the result of running one after the other. Then searches over all blocks, from the starts the sides found next to
/// the other side (~4% of the boundary on 1M-node meshes), make the moves the split forbade. Against one sequence of
/// searches over all blocks (2 threads, ReadyToRun, seeds 1–3, alternating runs): wall seconds of mesh2d-1000 at
/// k = 64 / 1500 1.94 → 1.58 / 3.72 → 2.86, of mesh3d-100 2.95 → 2.32 / 4.05 → 3.29, summed cuts +0.38% / −0.11% and
/// +0.32% / +0.25%. Without the searches across the split the cuts rose by up to 2.7% (mesh3d-100, k = 64); starting
/// them also from the starts the sides never reached (a scan of their rows) cut 0.1–0.4% less for 5–15% more time.</para></remarks>
internal static class KWayFmRefiner
{
    internal const int FruitlessMoves = 50;

    /// <summary>Passes split the blocks in two from this many blocks on (4 a side); with fewer, the moves the split
    /// forbids would be most of them.</summary>
    internal const int MinPartsToSplit = 8;

    /// <returns>The cut reduction.</returns>
    /// <param name="state">The partition to refine.</param>
    /// <param name="seed">Seeds the order of the searches and the tie-breaks.</param>
    /// <param name="workBudget">Entries and gain-cache slots the pass may scan.</param>
    /// <param name="scratch">Arrays to work in (they must hold the graph's nodes); null allocates them.</param>
    /// <param name="pass">Which split of the blocks this pass uses (see <see cref="Sides"/>).</param>
    /// <param name="threads">Worker threads: the two sides of a split pass run side by side from 2. The result is
    /// the same for any count.</param>
    public static long Refine<TGraph>(RefinementState<TGraph> state, ulong seed, long workBudget, RefinementScratch? scratch = null, int pass = 0, int threads = 1)
        where TGraph : struct, IGraphView
    {
        int n = state.Graph.NodeCount;
        scratch = RefinementScratch.For(scratch, n);
        int startCount = scratch.ShuffledBoundary(state, seed).Length;
        scratch.StartSearches(n);
        if (state.Parts < MinPartsToSplit)
            return Search(state, new AllBlocks(), seed, workBudget, startCount, scratch, scratch.Lanes[0]);

        byte[] sideOf = Sides(state.Parts, pass);
        var sideWeights = new long[2];
        for (int b = 0; b < state.Parts; b++) sideWeights[sideOf[b]] += state.BlockWeights[b];
        bool[] crosses = scratch.CrossesSplit;
        var reductions = new long[2];
        void Side(int side) => reductions[side] = Search(state, new BlockSide(sideOf, (byte)side, crosses), seed,
            ShareOf(workBudget, sideWeights[side], sideWeights[0] + sideWeights[1]), startCount, scratch, scratch.Lanes[side]);
        if (threads > 1) Parallel.Invoke(() => Side(0), () => Side(1));
        else
        {
            Side(0);
            Side(1);
        }

        // The moves the split forbade, between blocks of different sides: searches over all blocks from the starts the
        // sides' caches found next to the other side, in their order, moved to the front.
        Span<int> starts = scratch.Order.AsSpan(0, startCount);
        int crossCount = 0;
        foreach (int u in starts)
            if (crosses[u]) starts[crossCount++] = u;
        crosses.AsSpan(0, n).Clear();
        scratch.StartSearches(n);
        long crossBudget = ShareOf(workBudget, crossCount, startCount);
        return reductions[0] + reductions[1] + Search(state, new AllBlocks(), seed, crossBudget, crossCount, scratch, scratch.Lanes[0]);
    }

    // budget · part / whole (part ≤ whole), an unbounded budget staying unbounded; half when whole is 0. In double, not
    // Int128: ReadyToRun does not precompile a method that uses Int128, and the JIT then compiled this pass and every
    // search and gain-cache method it calls at run time, 13 ms of every partitioning.
    private static long ShareOf(long budget, long part, long whole) =>
        whole <= 0 ? budget / 2 : budget >= 1L << 53 ? budget : (long)((double)budget * part / whole);

    /// <summary>The side (0 or 1) of every block in the split pass <paramref name="pass"/> uses. Recursive bisection
    /// numbers the blocks so that each of its halves, quarters, … is a range of ids; a split cuts those ranges at
    /// halves (even passes) or alternates quarters (odd passes), so the moves a pass forbids, between blocks of
    /// different sides, lie along few of the bisection's lines, and along different ones from pass to pass.</summary>
    internal static byte[] Sides(int parts, int pass)
    {
        int pieces = 2 << (pass % 2);
        var sideOf = new byte[parts];
        for (int b = 0; b < parts; b++) sideOf[b] = (byte)((long)b * pieces / parts & 1);
        return sideOf;
    }

    // The searches of one scope, from the scope's nodes among the first startCount of the scratch's order.
    private static long Search<TGraph, TScope>(RefinementState<TGraph> state, TScope scope, ulong seed, long workBudget,
        int startCount, RefinementScratch scratch, FmLane lane)
        where TGraph : struct, IGraphView where TScope : struct, IBlockScope
    {
        var graph = state.Graph;
        int[] part = state.Part;
        var cache = new GainCache<TGraph, TScope>(state, scope, scratch.CacheRuns, lane);
        bool[] locked = scratch.Locked;
        GainQueue queue = lane.Queue;
        var moves = new List<(int Node, int From)>();
        long reduction = 0;

        // Queues u under its current best gain, or takes it out of the queue when it has no move left.
        void Offer(int u)
        {
            if (cache.BestMove(u, seed, out _, out long gain)) queue.Set(u, gain);
            else if (queue.Contains(u)) queue.Remove(u);
        }

        for (int i = 0; i < startCount; i++)
        {
            int start = scratch.Order[i];
            if (cache.Work >= workBudget) break;
            if (!scope.HoldsNodeOf(part, start)) continue; // the other side's
            if (locked[start]) continue; // moved by an earlier search; it may have left the boundary too, so it starts none
            Offer(start);
            long total = 0, best = 0;
            int bestLength = 0;
            while (cache.Work < workBudget && moves.Count - bestLength < FruitlessMoves && queue.Count > 0)
            {
                long key = queue.TopKey;
                int v = queue.Pop();
                // The key is exact, but the target may have filled up since: queue the best move that fits now.
                if (!cache.BestMove(v, seed, out int target, out long gain)) continue;
                if (gain != key)
                {
                    queue.Insert(v, gain);
                    continue;
                }
                moves.Add((v, part[v]));
                cache.Move(v, target);
                locked[v] = true;
                total += gain;
                if (total > best) (best, bestLength) = (total, moves.Count);
                foreach (int x in graph.Row(v))
                    if (scope.HoldsNodeOf(part, x) && !locked[x]) Offer(x);
            }
            // Rolled-back nodes are free again: a later search, starting elsewhere, may find the move that pays (on a 3-D
            // mesh at k = 64 keeping them locked left 6% more cut).
            for (int j = moves.Count - 1; j >= bestLength; j--)
            {
                cache.Move(moves[j].Node, moves[j].From);
                locked[moves[j].Node] = false;
            }
            reduction += best;
            moves.Clear();
            queue.Clear();
        }
        return reduction;
    }
}
