using System.Numerics;
using System.Runtime.InteropServices;

namespace ClusterGcn.Engine.Core.Datasets.Building;

/// <summary>The edges of a dataset as its file holds them (any direction, possibly repeated or with self-loops),
/// read in chunks so that a graph of 10⁸ edges is never held twice: an edge-index file is read twice, once to count
/// degrees and once to fill the CSR.</summary>
internal abstract class EdgeList
{
    /// <summary>The file the edges come from, for error messages.</summary>
    public abstract string File { get; }

    /// <summary>Number of edges listed.</summary>
    public abstract long Count { get; }

    /// <summary>Copies the ends of edges [<paramref name="start"/>, start + sources.Length) into
    /// <paramref name="sources"/> and <paramref name="targets"/> (of equal length).</summary>
    public abstract void Read(long start, Span<int> sources, Span<int> targets);

    /// <summary>Edges held in two managed arrays.</summary>
    public static EdgeList Of(string file, int[] sources, int[] targets) => new ArrayEdges(file, sources, targets);

    /// <summary>The edges of an edge index [2, E] in C order (sources, then targets), int32 or int64, managed or
    /// memory-mapped; int64 ids are narrowed chunk by chunk as they are read.</summary>
    public static EdgeList OfIndex<T>(string file, HostArray<T> edgeIndex) where T : unmanaged, IBinaryInteger<T> =>
        new IndexEdges<T>(file, edgeIndex);

    /// <summary>The edges (u, indices[e]) for e in [indptr[u], indptr[u+1]) of a CSR matrix (SciPy's layout).</summary>
    public static EdgeList OfCsr(string file, long[] indptr, int[] indices) => new CsrEdges(file, indptr, indices);

    private sealed class IndexEdges<T>(string file, HostArray<T> edgeIndex) : EdgeList where T : unmanaged, IBinaryInteger<T>
    {
        public override string File => file;

        public override long Count => edgeIndex.Length / 2;

        public override void Read(long start, Span<int> sources, Span<int> targets)
        {
            Narrow(edgeIndex.Slice(start, sources.Length), sources, start);
            Narrow(edgeIndex.Slice(Count + start, targets.Length), targets, start);
        }

        private void Narrow(ReadOnlySpan<T> ids, Span<int> narrowed, long start)
        {
            if (typeof(T) == typeof(int))
            {
                MemoryMarshal.Cast<T, int>(ids).CopyTo(narrowed);
                return;
            }
            for (int i = 0; i < ids.Length; i++)
                narrowed[i] = int.CreateSaturating(ids[i]) is var id && T.CreateTruncating(id) == ids[i]
                    ? id
                    : throw new InvalidDataException($"{file}: edge {start + i} has node id {ids[i]}, beyond the int32 range of node ids.");
        }
    }

    private sealed class CsrEdges(string file, long[] indptr, int[] indices) : EdgeList
    {
        public override string File => file;

        public override long Count => indices.Length;

        public override void Read(long start, Span<int> sources, Span<int> targets)
        {
            // The row of entry `start` is the last u with indptr[u] <= start; rows are then walked forward.
            int row = Array.BinarySearch(indptr, start);
            if (row < 0) row = ~row - 1;
            while (row + 1 < indptr.Length && indptr[row + 1] <= start) row++;
            for (int i = 0; i < sources.Length; i++)
            {
                while (indptr[row + 1] <= start + i) row++;
                sources[i] = row;
                targets[i] = indices[start + i];
            }
        }
    }

    private sealed class ArrayEdges(string file, int[] sources, int[] targets) : EdgeList
    {
        public override string File => file;

        public override long Count => sources.Length;

        public override void Read(long start, Span<int> sourceChunk, Span<int> targetChunk)
        {
            sources.AsSpan((int)start, sourceChunk.Length).CopyTo(sourceChunk);
            targets.AsSpan((int)start, targetChunk.Length).CopyTo(targetChunk);
        }
    }
}
