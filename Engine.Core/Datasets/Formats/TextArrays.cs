using ClusterGcn.Engine.Core.Datasets.Building;

namespace ClusterGcn.Engine.Core.Datasets.Formats;

/// <summary>The arrays the text layouts (plain-text, OGB) have in common: an edge list of one <c>u v</c> pair per
/// line, dense rows of numbers, and node-id lists read as masks.</summary>
internal static class TextArrays
{
    /// <summary>One edge per line, two node ids in [0, <paramref name="nodeCount"/>).</summary>
    public static EdgeList Edges(string path, int nodeCount)
    {
        var sources = new List<int>();
        var targets = new List<int>();
        using var lines = TextLines.Open(path);
        while (lines.Next())
        {
            var fields = lines.Fields(2);
            sources.Add(lines.Node(fields[0], nodeCount));
            targets.Add(lines.Node(fields[1], nodeCount));
        }
        return EdgeList.Of(path, [.. sources], [.. targets]);
    }

    /// <summary>One row of numbers per line, all of <paramref name="width"/> fields (or as many as the first line).</summary>
    public static (float[] Values, int Rows, int Width) DenseRows(string path, int? width)
    {
        var rows = new List<float[]>();
        using (var lines = TextLines.Open(path))
        {
            while (lines.Next())
            {
                var fields = lines.Fields(width ?? (rows.Count == 0 ? lines.Fields().Length : rows[0].Length));
                rows.Add(Array.ConvertAll(fields, lines.Float));
            }
        }
        int columns = width ?? (rows.Count > 0 ? rows[0].Length : 0);
        var values = new float[checked((long)rows.Count * columns)];
        for (int u = 0; u < rows.Count; u++) rows[u].CopyTo(values, (long)u * columns);
        return (values, rows.Count, columns);
    }

    /// <summary>A mask with 1 at each node id listed, one per line.</summary>
    public static HostArray<byte> Mask(string path, int nodeCount)
    {
        var mask = new byte[nodeCount];
        using var lines = TextLines.Open(path);
        while (lines.Next()) mask[lines.Node(lines.Fields(1)[0], nodeCount)] = 1;
        return HostArray<byte>.Wrap(mask);
    }
}
