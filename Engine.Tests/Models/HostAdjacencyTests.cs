using ClusterGcn.Engine.Core.Models;

namespace ClusterGcn.Engine.Tests.Models;

public sealed class HostAdjacencyTests
{
    // The path 0 — 1 — 2 plus node 3 with no edges: degrees 1, 2, 1, 0.
    private static readonly int[] RowPtr = [0, 1, 3, 4, 4];
    private static readonly int[] ColIdx = [1, 0, 2, 1];
    private static int Degree(int u) => RowPtr[u + 1] - RowPtr[u];

    [Test]
    public void Sage_and_gcn_mean_keep_the_rows_as_they_are()
    {
        foreach (var spec in new[] { Spec(GnnArchitecture.Sage), Spec(GnnArchitecture.Gcn) with { Normalization = GcnNormalization.Mean } })
        {
            var a = HostAdjacency.Prepare(spec, RowPtr, ColIdx, 4, 0, Degree);
            Assert.That(a.Values, Is.Null);
            Assert.That(a.RowPtr, Is.SameAs(RowPtr));
        }
    }

    [Test]
    public void Symmetric_normalisation_adds_a_self_loop_first_and_divides_by_the_root_of_both_degrees()
    {
        var a = HostAdjacency.Prepare(Spec(GnnArchitecture.Gcn), RowPtr, ColIdx, 4, 0, Degree);
        Assert.That(a.RowPtr, Is.EqualTo(new[] { 0, 2, 5, 7, 8 }));
        Assert.That(a.ColIdx, Is.EqualTo(new[] { 0, 1, 1, 0, 2, 2, 1, 3 }));
        double s6 = 1 / Math.Sqrt(6);
        Assert.That(a.Values, Is.EqualTo(new[] { 0.5, s6, 1 / 3.0, s6, s6, 0.5, s6, 1.0 }).Within(1e-6));
    }

    [Test]
    public void Diagonal_enhancement_row_normalises_with_the_self_loop_then_scales_the_diagonal_by_one_plus_lambda()
    {
        var spec = Spec(GnnArchitecture.Gcn) with { Normalization = GcnNormalization.DiagonalEnhancement, DiagonalLambda = 1f };
        var a = HostAdjacency.Prepare(spec, RowPtr, ColIdx, 4, 0, Degree);
        Assert.That(a.Values, Is.EqualTo(new[] { 1.0, 0.5, 2 / 3.0, 1 / 3.0, 1 / 3.0, 1.0, 0.5, 2.0 }).Within(1e-6));
    }

    [Test]
    public void A_block_of_rows_puts_each_self_loop_on_its_own_column()
    {
        // Rows 1 and 2 of the path, columns = all 4 nodes.
        var a = HostAdjacency.Prepare(Spec(GnnArchitecture.Gcn), [0, 2, 3], [0, 2, 1], 4, firstRow: 1, Degree);
        Assert.That(a.ColIdx, Is.EqualTo(new[] { 1, 0, 2, 2, 1 }));
        Assert.That(a.Values![0], Is.EqualTo(1 / 3.0).Within(1e-6));
    }

    private static ModelSpec Spec(GnnArchitecture architecture) => new(architecture, 2, 2, 2);
}
