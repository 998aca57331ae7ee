using ClusterGcn.Engine.Partitioning.Multilevel.Coarsening;

namespace ClusterGcn.Engine.Partitioning.Multilevel.Refinement;

/// <summary>Restores the balance bound: moves nodes out of overloaded blocks into blocks with room, cheapest first,
/// until every block fits or no node of an overloaded block fits anywhere.</summary>
/// <remarks>A node's candidate move goes to the adjacent block with room it is most connected to, or to the lightest
/// block when that loses less cut. Moves are taken by relative gain (gain · weight when positive, gain / weight when
/// not, as KaMinPar's balancer does): the least cut lost per unit of weight moved, so heavy nodes tend to go first and
/// light ones fill the gaps they leave, as in first-fit-decreasing packing. Queue keys are refreshed lazily: a
/// popped node's move is recomputed and queued again if it got worse, and the neighbours of a moved node are queued
/// again if theirs got better, which lets a block grow into its neighbourhood instead of scattering. A moved node
/// lands within the bound and never moves again, and every requeue of a popped node lowers its key, so it ends.</remarks>
internal static class Balancer
{
    /// <returns>The cut reduction (negative: balance usually costs cut).</returns>
    public static long Rebalance<TGraph>(RefinementState<TGraph> state, ulong seed) where TGraph : struct, IGraphView
    {
        int overloaded = 0;
        for (int b = 0; b < state.Parts; b++)
            if (state.IsOverloaded(b)) overloaded++;
        if (overloaded == 0) return 0;
        var graph = state.Graph;
        int n = graph.NodeCount;
        var scratch = new BlockConnections(state.Parts);
        var lightest = new PriorityQueue<int, (long Weight, int Block)>();
        for (int b = 0; b < state.Parts; b++) lightest.Enqueue(b, (state.BlockWeights[b], b));
        // Keyed (−key, node): the tuple's default order then pops the largest key first, ties to the smaller node, with
        // no comparer delegate called on every step of a sift.
        var queue = new PriorityQueue<int, (double NegatedKey, int Node)>();
        var keyOf = new double[n];
        long work = 0;
        Array.Fill(keyOf, double.NaN);

        int Lightest()
        {
            // Stale entries (a block whose weight changed since) are dropped; the current one was queued on the change.
            while (lightest.TryPeek(out int b, out var entry) && entry.Weight != state.BlockWeights[b]) lightest.Dequeue();
            return lightest.Peek();
        }

        bool Candidate(int u, out int target, out long gain, out double key)
        {
            (target, gain, key) = (-1, 0, 0);
            int own = state.Part[u], w = graph.NodeWeight(u);
            if (w == 0 || !state.IsOverloaded(own)) return false;
            work += scratch.Gather(graph, state.Part, u);
            target = scratch.BestTarget(own, w, state.BlockWeights, state.MaxBlockWeight, seed, u);
            int light = Lightest();
            if (light != own && state.Fits(u, light) && (target < 0 || scratch.To(light) > scratch.To(target))) target = light;
            if (target < 0) return false;
            gain = scratch.To(target) - scratch.To(own);
            key = gain > 0 ? (double)gain * w : (double)gain / w;
            return true;
        }

        void Offer(int u)
        {
            if (Candidate(u, out _, out _, out double key) && !(key <= keyOf[u]))
            {
                keyOf[u] = key;
                queue.Enqueue(u, (-key, u));
            }
        }

        for (int u = 0; u < n; u++) Offer(u);
        long reduction = 0;
        while (queue.TryDequeue(out int u, out var entry))
        {
            if (-entry.NegatedKey != keyOf[u]) continue; // superseded by a better key
            keyOf[u] = double.NaN;
            if (!Candidate(u, out int target, out long gain, out double key)) continue;
            if (key < -entry.NegatedKey && queue.TryPeek(out _, out var next) && (-key, u).CompareTo(next) > 0)
            {
                keyOf[u] = key;
                queue.Enqueue(u, (-key, u));
                continue;
            }
            int from = state.Part[u];
            state.Move(u, target);
            reduction += gain;
            lightest.Enqueue(from, (state.BlockWeights[from], from));
            lightest.Enqueue(target, (state.BlockWeights[target], target));
            if (!state.IsOverloaded(from) && --overloaded == 0) break;
            // Re-offering costs a gather per neighbour: on dense graphs that would dwarf the rest, so it stops once
            // the balancer has scanned the graph's entries twice over (the first pass over overloaded nodes included).
            if (work < 2L * graph.EntryCount)
                foreach (int x in graph.Row(u)) Offer(x);
        }
        return reduction;
    }
}
