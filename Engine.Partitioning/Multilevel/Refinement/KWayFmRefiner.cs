using ClusterGcn.Engine.Partitioning.Randomness;

namespace ClusterGcn.Engine.Partitioning.Multilevel.Refinement;

/// <summary>Localized k-way Fiduciary–Mattheyses: from each boundary node (seeded order) a search repeatedly moves
/// the queued node with the highest gain to its best adjacent block with room, even when the gain is negative,
/// queues its neighbours, and finally rolls back to the best prefix of its moves. Negative moves let it climb out of
/// the local minima where label propagation stops.</summary>
/// <remarks>Sequential, so deterministic. Gains in the queue are those at insertion; a popped node's gain is
/// recomputed, and the node is queued again when it fell below the next one. The work (entries scanned) is capped
/// by the caller's budget, and each search stops after <see cref="FruitlessMoves"/> moves without a new best.</remarks>
internal static class KWayFmRefiner
{
    internal const int FruitlessMoves = 50;

    private static readonly Comparer<(long Gain, int Node)> HighestGainFirst = Comparer<(long Gain, int Node)>.Create(
        (a, b) => a.Gain != b.Gain ? b.Gain.CompareTo(a.Gain) : a.Node.CompareTo(b.Node));

    /// <returns>The cut reduction.</returns>
    public static long Refine(RefinementState state, ulong seed, long workBudget)
    {
        var graph = state.Graph;
        int n = graph.NodeCount;
        // Seeds are boundary nodes in a seeded order, found while walking a random permutation rather than by a scan
        // up front: on dense graphs the budget covers a small part of the boundary, and a scan would cost more than it.
        int[] order = new SplitMix64(seed).Permutation(n);
        var locked = new bool[n];
        var queued = new bool[n];
        var queuedNodes = new List<int>();
        var queue = new PriorityQueue<int, (long Gain, int Node)>(HighestGainFirst);
        var moves = new List<(int Node, int From)>();
        var scratch = new BlockConnections(state.Parts);
        long work = 0, reduction = 0;

        // The gain of u's best move now, or null when no adjacent block has room for it.
        long? BestGain(int u, out int target)
        {
            work += scratch.Gather(graph, state.Part, u);
            target = scratch.BestTarget(state.Part[u], graph.NodeWeight(u), state.BlockWeights, state.MaxBlockWeight, seed, u);
            return target < 0 ? null : scratch.To(target) - scratch.To(state.Part[u]);
        }

        bool IsBoundary(int u)
        {
            foreach (int v in graph.Neighbors(u))
            {
                work++;
                if (state.Part[v] != state.Part[u]) return true;
            }
            return false;
        }

        void Enqueue(int u)
        {
            queued[u] = true;
            queuedNodes.Add(u);
            if (BestGain(u, out _) is { } gain) queue.Enqueue(u, (gain, u));
        }

        foreach (int start in order)
        {
            if (work >= workBudget) break;
            if (locked[start] || !IsBoundary(start)) continue;
            Enqueue(start);
            long total = 0, best = 0;
            int bestLength = 0;
            while (work < workBudget && moves.Count - bestLength < FruitlessMoves && queue.TryDequeue(out int v, out var key))
            {
                if (BestGain(v, out int target) is not { } gain) continue;
                if (gain < key.Gain && queue.TryPeek(out _, out var next) && HighestGainFirst.Compare((gain, v), next) > 0)
                {
                    queue.Enqueue(v, (gain, v));
                    continue;
                }
                moves.Add((v, state.Part[v]));
                state.Move(v, target);
                locked[v] = true;
                total += gain;
                if (total > best) (best, bestLength) = (total, moves.Count);
                foreach (int x in graph.Neighbors(v))
                    if (!locked[x] && !queued[x]) Enqueue(x);
            }
            for (int i = moves.Count - 1; i >= bestLength; i--) state.Move(moves[i].Node, moves[i].From);
            reduction += best;
            moves.Clear();
            queue.Clear();
            foreach (int u in queuedNodes) queued[u] = false;
            queuedNodes.Clear();
        }
        return reduction;
    }
}
