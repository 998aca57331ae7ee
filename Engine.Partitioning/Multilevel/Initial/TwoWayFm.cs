using ClusterGcn.Engine.Partitioning.Randomness;

namespace ClusterGcn.Engine.Partitioning.Multilevel.Initial;

// Fiduccia–Mattheyses refinement of a bisection. Each pass queues the boundary nodes of each side by gain (cut
// reduction if moved), moves the best node of the chosen side and locks it, and finally rolls back to the best prefix
// of moves: least overload, then least cut, then closest to the target weights. The starting state is one of the
// prefixes, so a pass never makes the bisection worse; passes stop when one finds nothing better.
internal static class TwoWayFm
{
    private const int DefaultPasses = 8;

    // Refines side (0/1 per node) in place and returns its cut and overload (0 when balanced).
    public static (long Cut, long Overload) Refine(WeightedGraph graph, Span<int> side, BisectionBounds bounds, ref SplitMix64 random,
        BisectionScratch scratch, int maxPasses = DefaultPasses)
    {
        var run = new Run(graph, side, bounds, scratch);
        run.Balance();
        // A pass ends after this many moves without a new best: METIS's window, long enough to climb out of a
        // local minimum, short enough that a hopeless pass costs little.
        int window = Math.Clamp(graph.NodeCount / 20, 25, 200);
        for (int pass = 0; pass < maxPasses; pass++)
            if (!run.Pass(run.ShuffledBoundary(scratch.Order(graph.NodeCount), ref random), window)) break;
        return (run.Cut, run.Overload);
    }

    private enum Neighbours { Untouched, Refining, Balancing }

    private ref struct Run
    {
        private readonly int[] rowPtr, colIdx, nodeWeights;
        private readonly int[]? edgeWeights; // null: every edge weighs 1
        private readonly Span<int> side;
        private readonly BisectionBounds bounds;
        private readonly long[] inside, outside;
        private readonly bool[] locked;
        private readonly int[] moves;
        private readonly GainQueue[] queues;
        private long weight0, weight1;

        public long Cut;

        public Run(WeightedGraph graph, Span<int> side, BisectionBounds bounds, BisectionScratch scratch)
        {
            (rowPtr, colIdx, edgeWeights, nodeWeights) = (graph.RowPtr, graph.ColIdx, graph.EdgeWeights, graph.NodeWeights);
            this.side = side;
            this.bounds = bounds;
            (inside, outside, locked, moves, queues) = (scratch.Internal, scratch.External, scratch.Locked, scratch.Moves, scratch.Queues);
            long cut2 = 0;
            for (int u = 0; u < graph.NodeCount; u++)
            {
                long same = 0, other = 0;
                for (int e = rowPtr[u]; e < rowPtr[u + 1]; e++)
                {
                    int ew = WeightedGraph.EdgeWeight(edgeWeights, e);
                    if (side[colIdx[e]] == side[u]) same += ew;
                    else other += ew;
                }
                (inside[u], outside[u]) = (same, other);
                cut2 += other;
                if (side[u] == 0) weight0 += nodeWeights[u];
                else weight1 += nodeWeights[u];
            }
            Cut = cut2 / 2;
        }

        public readonly long Overload => bounds.Overload(weight0, weight1);

        private readonly long Weight(int s) => s == 0 ? weight0 : weight1;

        private readonly long Gain(int u) => outside[u] - inside[u];

        // Moves nodes off an overloaded side, least cut increase first, from anywhere in it (FM only sees the
        // boundary, and a graph without edges has none); a node that would overload the other side stays.
        public void Balance()
        {
            GainQueue queue = queues[0];
            for (int s = 0; s < 2; s++)
            {
                if (Weight(s) <= bounds.Max(s)) continue;
                queue.Clear();
                for (int u = 0; u < side.Length; u++)
                    if (side[u] == s && nodeWeights[u] > 0) queue.Insert(u, Gain(u));
                while (Weight(s) > bounds.Max(s) && queue.Count > 0)
                {
                    int u = queue.Pop();
                    if (Weight(1 - s) + nodeWeights[u] <= bounds.Max(1 - s)) Move(u, Neighbours.Balancing);
                }
                queue.Clear();
            }
        }

        // The boundary nodes (those with an edge to the other side) in a seeded random order, in buffer. Only they
        // enter the queues, and on meshes they are a few percent of the nodes: shuffling every node instead, once
        // per pass, cost a quarter of the bisections' FM time.
        public readonly Span<int> ShuffledBoundary(Span<int> buffer, scoped ref SplitMix64 random)
        {
            int count = 0;
            for (int u = 0; u < side.Length; u++)
                if (outside[u] > 0) buffer[count++] = u;
            Span<int> boundary = buffer[..count];
            random.Shuffle(boundary);
            return boundary;
        }

        // One FM pass from the given boundary nodes; true when it ends in a strictly better state than it started from.
        public bool Pass(ReadOnlySpan<int> boundary, int window)
        {
            queues[0].Clear();
            queues[1].Clear();
            locked.AsSpan(0, side.Length).Clear();
            foreach (int u in boundary) queues[side[u]].Insert(u, Gain(u));

            long bestOverload = bounds.Overload(weight0, weight1), bestCut = Cut, bestDeviation = Math.Abs(weight0 - bounds.Target0);
            int count = 0, bestCount = 0;
            while (count - bestCount < window)
            {
                int from = PickSide();
                if (from < 0) break;
                int u = queues[from].Pop();
                locked[u] = true;
                Move(u, Neighbours.Refining);
                moves[count++] = u;
                long overload = bounds.Overload(weight0, weight1), deviation = Math.Abs(weight0 - bounds.Target0);
                if (overload < bestOverload || overload == bestOverload && (Cut < bestCut || Cut == bestCut && deviation < bestDeviation))
                    (bestOverload, bestCut, bestDeviation, bestCount) = (overload, Cut, deviation, count);
            }
            while (count > bestCount) Move(moves[--count], Neighbours.Untouched);
            return bestCount > 0;
        }

        // The side to move a node from: an overloaded side must shed weight; otherwise the side whose best node gains
        // most, even if that overloads the other side: the next moves then come back from it, which lets FM swap
        // nodes under a tight bound, and the best prefix never ends overloaded unless it started so. -1 when no
        // move is left.
        private readonly int PickSide()
        {
            for (int s = 0; s < 2; s++)
                if (Weight(s) > bounds.Max(s)) return queues[s].Count > 0 ? s : -1;
            if (queues[0].Count == 0) return queues[1].Count > 0 ? 1 : -1;
            if (queues[1].Count == 0) return 0;
            if (queues[0].TopKey != queues[1].TopKey) return queues[0].TopKey > queues[1].TopKey ? 0 : 1;
            return Weight(0) - bounds.Target0 >= Weight(1) - bounds.Target1 ? 0 : 1;
        }

        private void Move(int u, Neighbours update)
        {
            int to = 1 - side[u];
            long w = nodeWeights[u];
            if (to == 1) (weight0, weight1) = (weight0 - w, weight1 + w);
            else (weight0, weight1) = (weight0 + w, weight1 - w);
            Cut -= Gain(u);
            (inside[u], outside[u]) = (outside[u], inside[u]);
            side[u] = to;
            int[]? weights = edgeWeights;
            for (int e = rowPtr[u]; e < rowPtr[u + 1]; e++)
            {
                int v = colIdx[e];
                long ew = WeightedGraph.EdgeWeight(weights, e);
                if (side[v] == to) (inside[v], outside[v]) = (inside[v] + ew, outside[v] - ew);
                else (inside[v], outside[v]) = (inside[v] - ew, outside[v] + ew);
                if (update == Neighbours.Refining && !locked[v])
                {
                    GainQueue queue = queues[side[v]];
                    if (outside[v] > 0) queue.Set(v, Gain(v));
                    else if (queue.Contains(v)) queue.Remove(v);
                }
                else if (update == Neighbours.Balancing && queues[0].Contains(v)) queues[0].Update(v, Gain(v));
            }
        }
    }
}
