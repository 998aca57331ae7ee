namespace ClusterGcn.Engine.Partitioning.Multilevel.Coarsening;

// The heart of contraction, shared by k-way coarsening and the bisections: builds coarse rows one after the other
// from the rows of their fine members, merging the entries that reach the same coarse neighbour. One per worker,
// reused for every range of rows it builds.
internal sealed class CoarseRows(int coarseCapacity)
{
    // Where each coarse neighbour sits in the row being built. Never cleared: a stale slot from an earlier row (or an
    // earlier graph) is harmless, as it is trusted only if it points into this row at the same neighbour.
    private readonly int[] slot = new int[coarseCapacity];
    private int[] cols = [], weights = [];
    private int count;

    // The entries of the rows the last Build built.
    public ReadOnlySpan<int> Cols => cols.AsSpan(0, count);

    public ReadOnlySpan<int> Weights => weights.AsSpan(0, count);

    // Room for this many entries without growing, e.g. the fine graph's entry count, their upper bound; drops the
    // rows built before.
    public void Reserve(int entries)
    {
        count = 0;
        Grow(entries);
    }

    // Keeps the first count entries; the new arrays are uninitialised beyond them, as nothing reads an entry unwritten.
    private void Grow(int entries)
    {
        if (cols.Length >= entries) return;
        (int[] oldCols, int[] oldWeights) = (cols, weights);
        (cols, weights) = (GC.AllocateUninitializedArray<int>(entries), GC.AllocateUninitializedArray<int>(entries));
        oldCols.AsSpan(0, count).CopyTo(cols);
        oldWeights.AsSpan(0, count).CopyTo(weights);
    }

    // Drops the entry buffers, so a large graph's do not outlive its contraction.
    public void Release() => (cols, weights, count) = ([], [], 0);

    // Builds the rows of coarse nodes [begin, end), in place of the rows built before, from the rows of their members
    // (members[memberStart[c]..memberStart[c + 1]], in that order), and writes their degrees to degreeOut[c + 1].
    // The one loop of contraction, for k-way coarsening and the bisections alike, which number and list the members
    // each their own way. One method, so that on-stack replacement optimises it during its first, largest call.
    public void Build<TGraph, TSum>(TGraph graph, ReadOnlySpan<int> coarseOf, ReadOnlySpan<int> memberStart, ReadOnlySpan<int> members,
        int begin, int end, Span<int> degreeOut) where TGraph : struct, IGraphView where TSum : struct, IWeightSum
    {
        // Locals, not fields, in the loop: the JIT keeps them in registers.
        int[] rowCols = cols, rowWeights = weights;
        int written = 0;
        for (int c = begin; c < end; c++)
        {
            int rowStart = written;
            for (int i = memberStart[c]; i < memberStart[c + 1]; i++)
            {
                int u = members[i];
                int[] fineCols = graph.RowEntries(u, out int[]? fineWeights, out int start, out int rowEnd);
                for (int e = start; e < rowEnd; e++)
                {
                    int cv = coarseOf[fineCols[e]];
                    if (cv == c) continue;
                    int w = graph.EdgeWeight(fineWeights, e), p = slot[cv];
                    if (p >= rowStart && p < written && rowCols[p] == cv)
                    {
                        rowWeights[p] = TSum.Add(rowWeights[p], w);
                        continue;
                    }
                    if (written == rowCols.Length)
                    {
                        count = written;
                        Grow(Math.Max(1024, 2 * written));
                        (rowCols, rowWeights) = (cols, weights);
                    }
                    slot[cv] = written;
                    rowCols[written] = cv;
                    rowWeights[written++] = w;
                }
            }
            degreeOut[c + 1] = written - rowStart;
        }
        count = written;
    }
}

// How contraction adds two weights that may not fit an int; a struct, so the JIT inlines the rule.
internal interface IWeightSum
{
    static abstract int Add(int sum, int weight);
}

// Contraction as the public API promises it: exact, and a weight beyond int is an error.
internal struct CheckedWeightSum : IWeightSum
{
    public static int Add(int sum, int weight)
    {
        long total = (long)sum + weight;
        return total <= int.MaxValue ? (int)total
            : throw new ArgumentException($"contraction: a coarse edge would weigh at least {total}, more than {int.MaxValue}.");
    }
}

// Inside the partitioner's coarse levels (k-way and the bisections') a weight that no longer fits an int is heavy
// enough for any decision made there; the cut and balance reported are those of the input, computed exactly.
internal struct SaturatingWeightSum : IWeightSum
{
    public static int Add(int sum, int weight) => (int)Math.Min(int.MaxValue, (long)sum + weight);
}
