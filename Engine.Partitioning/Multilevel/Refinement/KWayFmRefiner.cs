namespace ClusterGcn.Engine.Partitioning.Multilevel.Refinement;

/// <summary>Localized k-way Fiduccia–Mattheyses: from each boundary node (seeded order) a search repeatedly moves
/// the queued node with the highest gain to its best adjacent block with room, even when the gain is negative,
/// queues its neighbours, and finally rolls back to the best prefix of its moves. Negative moves let it climb out of
/// the local minima where label propagation stops.</summary>
/// <remarks>Sequential, so deterministic. Connections come from a <see cref="GainCache"/>, so a move costs its
/// degree, and the queue keys are exact: after a move, every queued neighbour whose best gain changed is queued
/// again under the new key and its old entry is skipped when popped. The work (entries scanned) is capped by the
/// caller's budget, and each search stops after <see cref="FruitlessMoves"/> moves without a new best.</remarks>
internal static class KWayFmRefiner
{
    internal const int FruitlessMoves = 50;

    private static readonly Comparer<(long Gain, int Node)> HighestGainFirst = Comparer<(long Gain, int Node)>.Create(
        (a, b) => a.Gain != b.Gain ? b.Gain.CompareTo(a.Gain) : a.Node.CompareTo(b.Node));

    /// <returns>The cut reduction.</returns>
    /// <param name="state">The partition to refine.</param>
    /// <param name="seed">Seeds the order of the searches and the tie-breaks.</param>
    /// <param name="workBudget">Entries and gain-cache slots the pass may scan.</param>
    /// <param name="scratch">Arrays to work in (they must hold the graph's nodes); null allocates them.</param>
    public static long Refine(RefinementState state, ulong seed, long workBudget, RefinementScratch? scratch = null)
    {
        var graph = state.Graph;
        int n = graph.NodeCount;
        scratch = RefinementScratch.For(scratch, n);
        // Seeds are boundary nodes in a seeded order, found while walking a random permutation rather than by a scan
        // up front: on dense graphs the budget covers a small part of the boundary, and a scan would cost more than it.
        ReadOnlySpan<int> order = scratch.RandomOrder(seed, n);
        var cache = new GainCache(state, scratch);
        bool[] locked = scratch.Locked, queued = scratch.Queued;
        long[] key = scratch.Key; // read only for queued nodes, each written when queued
        locked.AsSpan(0, n).Clear();
        queued.AsSpan(0, n).Clear();
        var queuedNodes = new List<int>();
        var queue = new PriorityQueue<int, (long Gain, int Node)>(HighestGainFirst);
        var moves = new List<(int Node, int From)>();
        long reduction = 0;

        bool IsBoundary(int u)
        {
            foreach (int v in graph.Neighbors(u))
                if (state.Part[v] != state.Part[u]) return true;
            return false;
        }

        // Queues u under its current best gain, unless it is queued under that gain already or has no move.
        void Offer(int u)
        {
            if (!cache.BestMove(u, seed, out _, out long gain) || queued[u] && key[u] == gain) return;
            if (!queued[u]) queuedNodes.Add(u);
            (queued[u], key[u]) = (true, gain);
            queue.Enqueue(u, (gain, u));
        }

        foreach (int start in order)
        {
            if (cache.Work >= workBudget) break;
            if (locked[start] || !IsBoundary(start)) continue;
            Offer(start);
            long total = 0, best = 0;
            int bestLength = 0;
            while (cache.Work < workBudget && moves.Count - bestLength < FruitlessMoves && queue.TryDequeue(out int v, out var entry))
            {
                if (locked[v] || entry.Gain != key[v]) continue; // moved already in this pass, or superseded by a newer key
                // The key is exact, but the target may have filled up since: take the best move that fits now.
                if (!cache.BestMove(v, seed, out int target, out long gain))
                {
                    key[v] = long.MinValue; // no entry left: a later Offer must queue it whatever its gain
                    continue;
                }
                if (gain != entry.Gain)
                {
                    Offer(v);
                    continue;
                }
                moves.Add((v, state.Part[v]));
                cache.Move(v, target);
                locked[v] = true;
                total += gain;
                if (total > best) (best, bestLength) = (total, moves.Count);
                foreach (int x in graph.Neighbors(v))
                    if (!locked[x]) Offer(x);
            }
            // Rolled-back nodes are free again: a later search, starting elsewhere, may find the move that pays (on a 3-D
            // mesh at k = 64 keeping them locked left 6% more cut).
            for (int i = moves.Count - 1; i >= bestLength; i--)
            {
                cache.Move(moves[i].Node, moves[i].From);
                locked[moves[i].Node] = false;
            }
            reduction += best;
            moves.Clear();
            queue.Clear();
            foreach (int u in queuedNodes) queued[u] = false;
            queuedNodes.Clear();
        }
        return reduction;
    }
}
