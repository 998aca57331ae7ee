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
