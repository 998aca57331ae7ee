using ClusterGcn.Engine.Partitioning.Graphs;

namespace ClusterGcn.Engine.Partitioning.Generators;

/// <summary>Regular 2D and 3D grid meshes, the classic partitioning benchmark where METIS shines: node (x, y, z) is
/// <c>(z·ny + y)·nx + x</c>, neighbours listed in increasing id order.</summary>
/// <remarks><code>
/// Grid2D(3, 2):            Grid2D(3, 2, diagonals: true):
///  0 — 1 — 2                0 — 1 — 2
///  |   |   |                | X | X |
///  3 — 4 — 5                3 — 4 — 5
/// </code>
/// Without diagonals a node touches the 4 (2D) or 6 (3D) nodes one step along an axis; with them, every node within
/// one step on each axis: 8 in 2D, 26 in 3D.</remarks>
public static class Mesh
{
    /// <summary>An <paramref name="nx"/> × <paramref name="ny"/> grid, with or without <paramref name="diagonals"/>.</summary>
    /// <exception cref="ArgumentException">A side is not positive, or the mesh has more nodes or entries than int offsets hold.</exception>
    public static CsrGraph Grid2D(int nx, int ny, bool diagonals = false) => Grid3D(nx, ny, 1, diagonals);

    /// <summary>An <paramref name="nx"/> × <paramref name="ny"/> × <paramref name="nz"/> grid, with or without
    /// <paramref name="diagonals"/>.</summary>
    /// <exception cref="ArgumentException">A side is not positive, or the mesh has more nodes or entries than int offsets hold.</exception>
    public static CsrGraph Grid3D(int nx, int ny, int nz, bool diagonals = false)
    {
        if (nx < 1 || ny < 1 || nz < 1) throw new ArgumentException($"mesh: sides {nx} x {ny} x {nz} must be positive.");
        long nodes = (long)nx * ny * nz;
        if (nodes >= Array.MaxLength) throw new ArgumentException($"mesh: {nodes} nodes is more than a CSR graph holds.");
        int n = (int)nodes;
        var rowPtr = new int[n + 1];
        long entries = 0;
        for (int u = 0; u < n; u++)
        {
            entries += Neighbours(u, null, 0);
            if (entries > Array.MaxLength) throw new ArgumentException($"mesh: more than {Array.MaxLength} entries.");
            rowPtr[u + 1] = (int)entries;
        }
        var colIdx = new int[entries];
        Parallel.For(0, (n + 4095) / 4096, chunk =>
        {
            for (int u = chunk * 4096, end = Math.Min(n, u + 4096); u < end; u++) Neighbours(u, colIdx, rowPtr[u]);
        });
        return new CsrGraph(rowPtr, colIdx);

        // Counts the neighbours of u, and writes them from offset when given an output. Offsets are visited
        // z-major, so ids come out increasing.
        int Neighbours(int u, int[]? output, int offset)
        {
            int x = u % nx, y = u / nx % ny, z = u / nx / ny, count = 0;
            for (int dz = -1; dz <= 1; dz++)
                for (int dy = -1; dy <= 1; dy++)
                    for (int dx = -1; dx <= 1; dx++)
                    {
                        int steps = Math.Abs(dx) + Math.Abs(dy) + Math.Abs(dz);
                        if (steps == 0 || (!diagonals && steps > 1)) continue;
                        int cx = x + dx, cy = y + dy, cz = z + dz;
                        if ((uint)cx >= (uint)nx || (uint)cy >= (uint)ny || (uint)cz >= (uint)nz) continue;
                        if (output is not null) output[offset + count] = (cz * ny + cy) * nx + cx;
                        count++;
                    }
            return count;
        }
    }
}
