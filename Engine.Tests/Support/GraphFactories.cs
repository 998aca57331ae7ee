using ClusterGcn.Engine.Partitioning.Graphs;
using ClusterGcn.Engine.Partitioning.Randomness;

namespace ClusterGcn.Engine.Tests.Support;

/// <summary>Tiny graphs and sparse matrices small enough to check by hand, each drawn in its doc comment.</summary>
public static class GraphFactories
{
    /// <summary>A rows × cols 4-neighbour grid, node (r, c) = r·cols + c, both directions stored, neighbours in
    /// increasing id order. Grid(3, 4):
    /// <code>
    ///  0 — 1 — 2 — 3        corners have degree 2,
    ///  |   |   |   |        border nodes 3,
    ///  4 — 5 — 6 — 7        inner nodes (5, 6) 4
    ///  |   |   |   |
    ///  8 — 9 —10 —11
    /// </code></summary>
    public static CsrGraph Grid(int rows, int cols)
    {
        var rowPtr = new List<int> { 0 };
        var colIdx = new List<int>();
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++)
            {
                int u = r * cols + c;
                if (r > 0) colIdx.Add(u - cols);
                if (c > 0) colIdx.Add(u - 1);
                if (c < cols - 1) colIdx.Add(u + 1);
                if (r < rows - 1) colIdx.Add(u + cols);
                rowPtr.Add(colIdx.Count);
            }
        return new CsrGraph([.. rowPtr], [.. colIdx]);
    }

    /// <summary>A path of n nodes, both directions stored:
    /// <code>
    ///  0 — 1 — 2 — … — n−1      ends have degree 1, the rest 2 (Path(1) is one isolated node)
    /// </code></summary>
    public static CsrGraph Path(int n)
    {
        var rowPtr = new List<int> { 0 };
        var colIdx = new List<int>();
        for (int u = 0; u < n; u++)
        {
            if (u > 0) colIdx.Add(u - 1);
            if (u < n - 1) colIdx.Add(u + 1);
            rowPtr.Add(colIdx.Count);
        }
        return new CsrGraph([.. rowPtr], [.. colIdx]);
    }

    /// <summary>A hub joined to <paramref name="leaves"/> leaves, plus one node with no edges at all:
    /// <code>
    ///        1   2
    ///         \ /
    ///    L ——  0  —— 3        node 0: the hub, degree L (a long row)
    ///         / \             nodes 1..L: degree 1
    ///       …     …           node L+1: degree 0 (an empty row: mean aggregation gives 0)
    ///
    ///    L+1   (isolated)
    /// </code></summary>
    public static CsrGraph StarWithIsolatedNode(int leaves)
    {
        int n = leaves + 2;
        var rowPtr = new int[n + 1];
        var colIdx = new int[2 * leaves];
        for (int leaf = 1; leaf <= leaves; leaf++) colIdx[leaf - 1] = leaf; // the hub's row
        rowPtr[1] = leaves;
        for (int leaf = 1; leaf <= leaves; leaf++)
        {
            colIdx[leaves + leaf - 1] = 0;
            rowPtr[leaf + 1] = leaves + leaf;
        }
        rowPtr[n] = rowPtr[n - 1]; // the isolated node's row is empty
        return new CsrGraph(rowPtr, colIdx);
    }

    /// <summary>A seeded random rows × cols CSR matrix (cols ≠ rows allowed), with values in [−1, 1):
    /// <code>
    ///  row 0           the hub: every column, in increasing order
    ///  rows ≡ 1 mod 3  empty
    ///  other rows      0..4 distinct random columns, sorted (so some are empty by chance too)
    /// </code>
    /// The hub row makes every column appear in the transpose, and the empty rows test the degree-0 path.</summary>
    public static HostCsr RandomRectangular(int rows, int cols, ulong seed)
    {
        var rng = new SplitMix64(seed);
        var rowPtr = new List<int> { 0 };
        var colIdx = new List<int>();
        for (int r = 0; r < rows; r++)
        {
            if (r == 0)
                for (int c = 0; c < cols; c++) colIdx.Add(c);
            else if (r % 3 != 1)
            {
                var picked = new SortedSet<int>();
                int want = Math.Min(rng.NextInt(5), cols);
                while (picked.Count < want) picked.Add(rng.NextInt(cols));
                colIdx.AddRange(picked);
            }
            rowPtr.Add(colIdx.Count);
        }
        return new HostCsr(cols, [.. rowPtr], [.. colIdx], Reference.Uniform(colIdx.Count, seed ^ 0xC5Ful));
    }

    /// <summary>Two cliques of <paramref name="size"/> nodes (0..size-1 and size..2·size-1) joined by
    /// <paramref name="bridges"/> edges i — size + i: the best bisection cuts exactly the bridges.</summary>
    /// <remarks><code>
    /// [clique A] ==b bridges== [clique B]
    /// </code></remarks>
    public static CsrGraph TwoCliques(int size, int bridges)
    {
        var builder = new CsrBuilder(2 * size);
        for (int half = 0; half < 2; half++)
            for (int i = 0; i < size; i++)
                for (int j = i + 1; j < size; j++)
                    builder.AddEdge(half * size + i, half * size + j);
        for (int i = 0; i < bridges; i++) builder.AddEdge(i, size + i);
        return builder.Build();
    }

    /// <summary>A seeded planted partition: <paramref name="blocks"/> groups of <paramref name="blockSize"/> nodes
    /// (group of node u = u / blockSize), each node with <paramref name="inside"/> random edges into its own group and
    /// <paramref name="outside"/> to random other nodes. A good k = blocks partition cuts few of the inside edges.</summary>
    public static CsrGraph PlantedPartition(int blocks, int blockSize, int inside, int outside, ulong seed)
    {
        var random = new SplitMix64(seed);
        int n = blocks * blockSize;
        var builder = new CsrBuilder(n);
        for (int u = 0; u < n; u++)
        {
            int group = u / blockSize;
            for (int e = 0; e < inside; e++) builder.AddEdge(u, group * blockSize + random.NextInt(blockSize));
            for (int e = 0; e < outside; e++) builder.AddEdge(u, random.NextInt(n));
        }
        return builder.Build();
    }
}
