using ClusterGcn.Engine.Kernels;
using ClusterGcn.Engine.Partitioning.Randomness;
using ClusterGcn.Engine.Tests.Support;

namespace ClusterGcn.Engine.Tests.Kernels;

public sealed class GatherScatterTests(string backend) : BackendFixture(backend)
{
    private const int SourceRows = 29;

    [Test]
    public void Gather_matches_float64_reference([Values(1, 31, 32, 33, 602)] int cols)
    {
        // Repeats, the first and the last row, out of order: gathering may read a row many times.
        int[] rows = [28, 0, 5, 5, 17, 0, 28, 3];
        double[] src = Reference.Float32(Reference.Uniform(SourceRows * cols, seed: 1));
        var dst = Device.Matrix(Reference.Uniform(rows.Length * cols, seed: 2), rows.Length, cols);

        Kernels.GatherRows(Device.Matrix(src, SourceRows, cols), Device.Index(rows, SourceRows), dst);

        GradCheck.AssertClose(Device.Download(dst), Reference.GatherRows(src, cols, rows), rtol: 0, atol: 0);
    }

    [Test]
    public void Gather_of_no_rows_writes_nothing()
    {
        var dst = Device.Zeros(0, 5);
        Assert.DoesNotThrow(() => Kernels.GatherRows(Device.Zeros(SourceRows, 5), Device.Index([], SourceRows), dst));
    }

    [Test]
    public void Scatter_matches_float64_reference([Values(1, 31, 32, 33, 602)] int cols)
    {
        int[] rows = DistinctRows(count: 11, seed: 3);
        double[] src = Reference.Float32(Reference.Uniform(rows.Length * cols, seed: 4));
        double[] dst0 = Reference.Float32(Reference.Uniform(SourceRows * cols, seed: 5));
        var dst = Device.Matrix(dst0, SourceRows, cols);

        Kernels.ScatterAddRows(Device.Matrix(src, rows.Length, cols), Device.Index(rows, SourceRows), dst);

        GradCheck.AssertClose(Device.Download(dst), Reference.ScatterAddRows(src, cols, rows, dst0), rtol: 1e-6, atol: 1e-7);
    }

    /// <summary>Scatter-add is the backward of gather: loss = w · gather(x) gives dX = scatter(w).</summary>
    [Test]
    public void Scatter_is_the_gradient_of_gather([Values(1, 7)] int cols)
    {
        int[] rows = DistinctRows(count: 13, seed: 6);
        double[] x = Reference.Float32(Reference.Uniform(SourceRows * cols, seed: 7));
        double[] w = Reference.Float32(Reference.Uniform(rows.Length * cols, seed: 8));
        double[] expected = GradCheck.Numeric(v => Reference.Dot(w, Reference.GatherRows(v, cols, rows)), x);
        var dX = Device.Zeros(SourceRows, cols);

        Kernels.ScatterAddRows(Device.Matrix(w, rows.Length, cols), Device.Index(rows, SourceRows), dX);

        GradCheck.AssertClose(Device.Download(dX), expected, rtol: 1e-4, atol: 1e-5);
    }

    [Test]
    public void Gather_and_scatter_of_rows_off_a_16_byte_boundary_match_float64_reference([Values(1, 2)] int offset)
    {
        // 32-float rows starting 1 or 2 floats past a quad boundary: the ILGPU kernels must step down to pairs or
        // single floats rather than misread.
        const int cols = 32;
        int[] rows = DistinctRows(count: 11, seed: 11);
        double[] padded = Reference.Float32(Reference.Uniform(offset + SourceRows * cols, seed: 12));
        double[] src = padded[offset..];
        var srcView = new DenseView(Device.Vector(padded).SubView(offset), SourceRows, cols);
        var gathered = Device.Zeros(rows.Length, cols);

        Kernels.GatherRows(srcView, Device.Index(rows, SourceRows), gathered);
        Kernels.ScatterAddRows(gathered, Device.Index(rows, SourceRows), srcView);

        double[] expectedGather = Reference.GatherRows(src, cols, rows);
        GradCheck.AssertClose(Device.Download(gathered), expectedGather, rtol: 0, atol: 0, what: "gather");
        GradCheck.AssertClose(Device.Download(srcView), Reference.ScatterAddRows(expectedGather, cols, rows, src), rtol: 1e-6, atol: 1e-7,
            what: "scatter");
    }

    [Test]
    public void Scatter_adds_into_existing_gradient()
    {
        const int cols = 33;
        int[] rows = DistinctRows(count: 9, seed: 9);
        double[] src = Reference.Uniform(rows.Length * cols, seed: 10);
        AssertBackwardAccumulates(SourceRows * cols, prefill =>
        {
            var dst = Device.Matrix(prefill, SourceRows, cols);
            Kernels.ScatterAddRows(Device.Matrix(src, rows.Length, cols), Device.Index(rows, SourceRows), dst);
            return Device.Download(dst);
        });
    }

    [Test]
    public void Scatter_with_repeated_ids_is_a_one_line_error()
    {
        // Without atomics two threads would race on row 4; the contract refuses rather than lose updates.
        var rows = Device.Index([1, 4, 4], SourceRows);
        Errors.AssertOneLine(() => Kernels.ScatterAddRows(Device.Zeros(3, 2), rows, Device.Zeros(SourceRows, 2)),
            "scatter index: ids repeat");
    }

    [Test]
    public void Index_bound_beyond_the_matrix_is_a_one_line_error()
    {
        // Ids checked against 40 rows must not be used on a 29-row matrix, even if these few happen to fit.
        var rows = Device.Index([0, 1], bound: 40);
        Errors.AssertOneLine(() => Kernels.GatherRows(Device.Zeros(SourceRows, 2), rows, Device.Zeros(2, 2)), "gather index");
        Errors.AssertOneLine(() => Kernels.ScatterAddRows(Device.Zeros(2, 2), rows, Device.Zeros(SourceRows, 2)), "scatter index");
    }

    private static int[] DistinctRows(int count, ulong seed) => new SplitMix64(seed).Permutation(SourceRows)[..count];
}
