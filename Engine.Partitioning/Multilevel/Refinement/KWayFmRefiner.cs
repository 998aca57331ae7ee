using ClusterGcn.Engine.Partitioning.Multilevel.Coarsening;

namespace ClusterGcn.Engine.Partitioning.Multilevel.Refinement;

/// <summary>Localized k-way Fiduccia–Mattheyses: from each node of the pass's starting boundary (seeded order) a search repeatedly moves
/// the queued node with the highest gain to its best adjacent block with room, even when the gain is negative,
/// queues its neighbours, and finally rolls back to the best prefix of its moves. Negative moves let it climb out of
/// the local minima where label propagation stops.</summary>
/// <remarks>Sequential, so deterministic. Connections come from a <see cref="GainCache{TGraph}"/>, so a move costs its
/// degree, and the queue keys are exact: after a move, every unlocked neighbour's key is set to its new best gain in
/// an addressable heap (<see cref="GainQueue"/>; a lazy-deletion priority queue of (gain, node) tuples cost 10-15%
/// more time on 1M-node meshes), and a popped node whose target has filled up since is queued again under the gain
/// of its best move that fits. The work (entries scanned) is capped by the
/// caller's budget, and each search stops after <see cref="FruitlessMoves"/> moves without a new best.</remarks>
internal static class KWayFmRefiner
{
    internal const int FruitlessMoves = 50;

    /// <returns>The cut reduction.</returns>
    /// <param name="state">The partition to refine.</param>
    /// <param name="seed">Seeds the order of the searches and the tie-breaks.</param>
    /// <param name="workBudget">Entries and gain-cache slots the pass may scan.</param>
    /// <param name="scratch">Arrays to work in (they must hold the graph's nodes); null allocates them.</param>
    public static long Refine<TGraph>(RefinementState<TGraph> state, ulong seed, long workBudget, RefinementScratch? scratch = null)
        where TGraph : struct, IGraphView
    {
        var graph = state.Graph;
        int n = graph.NodeCount;
        scratch = RefinementScratch.For(scratch, n);
        ReadOnlySpan<int> starts = scratch.ShuffledBoundary(state, seed);
        var cache = new GainCache<TGraph>(state, scratch);
        bool[] locked = scratch.Locked;
        locked.AsSpan(0, n).Clear();
        GainQueue queue = scratch.Queue;
        var moves = new List<(int Node, int From)>();
        long reduction = 0;

        // Queues u under its current best gain, or takes it out of the queue when it has no move left.
        void Offer(int u)
        {
            if (cache.BestMove(u, seed, out _, out long gain)) queue.Set(u, gain);
            else if (queue.Contains(u)) queue.Remove(u);
        }

        foreach (int start in starts)
        {
            if (cache.Work >= workBudget) break;
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
                moves.Add((v, state.Part[v]));
                cache.Move(v, target);
                locked[v] = true;
                total += gain;
                if (total > best) (best, bestLength) = (total, moves.Count);
                foreach (int x in graph.Row(v))
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
        }
        return reduction;
    }
}
