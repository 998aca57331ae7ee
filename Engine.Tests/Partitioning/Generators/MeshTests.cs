using ClusterGcn.Engine.Partitioning.Generators;
using ClusterGcn.Engine.Partitioning.Graphs;
using ClusterGcn.Engine.Tests.Support;

namespace ClusterGcn.Engine.Tests.Partitioning.Generators;

public sealed class MeshTests
{
    [Test]
    public void A_2d_mesh_is_the_grid_of_the_test_factories()
    {
        var mesh = Mesh.Grid2D(nx: 4, ny: 3);
        var grid = GraphFactories.Grid(rows: 3, cols: 4);
        Assert.That(mesh.RowPtr.ToArray(), Is.EqualTo(grid.RowPtr.ToArray()));
        Assert.That(mesh.ColIdx.ToArray(), Is.EqualTo(grid.ColIdx.ToArray()));
    }

    // Degrees of a corner, of node (1, 0, 0) on an edge of the square or cube, and of an inner node.
    [TestCase(2, false, 2, 3, 4)]
    [TestCase(2, true, 3, 5, 8)]
    [TestCase(3, false, 3, 4, 6)]
    [TestCase(3, true, 7, 11, 26)]
    public void Degrees_match_the_stencil(int dims, bool diagonals, int corner, int onEdge, int inner)
    {
        const int Side = 4;
        var mesh = dims == 2 ? Mesh.Grid2D(Side, Side, diagonals) : Mesh.Grid3D(Side, Side, Side, diagonals);
        int nz = dims == 2 ? 1 : Side;
        Assert.That(mesh.NodeCount, Is.EqualTo(Side * Side * nz));
        Assert.That(mesh.Degree(0), Is.EqualTo(corner), "corner");
        Assert.That(mesh.Degree(1), Is.EqualTo(onEdge), "node (1, 0, 0)");
        int innerId = ((nz > 1 ? 1 : 0) * Side + 1) * Side + 1;
        Assert.That(mesh.Degree(innerId), Is.EqualTo(inner), "inner node (1, 1, 1)");
        var transpose = CsrTranspose.Of(mesh.RowPtr, mesh.ColIdx, mesh.NodeCount);
        Assert.That(transpose.ColIdx, Is.EqualTo(mesh.ColIdx.ToArray()), "symmetric with sorted rows");
    }

    [Test]
    public void Sides_must_be_positive()
    {
        Errors.AssertOneLine(() => Mesh.Grid3D(3, 0, 2), "sides 3 x 0 x 2 must be positive");
    }
}
