using ClusterGcn.Engine.Kernels;
using ClusterGcn.Engine.Kernels.Sparse;
using ClusterGcn.Engine.Tests.Support;

namespace ClusterGcn.Engine.Tests.Kernels;

/// <summary>The tests shared by the two CSR aggregations (mean and weighted SpMM): they differ only in the op and
/// its float64 reference, so each is one small subclass below.</summary>
public abstract class SparseAggregationTests(string backend) : BackendFixture(backend)
{
    private protected abstract void Forward(DeviceCsr a, DenseView x, DenseView y);
    private protected abstract void Backward(DeviceCsr a, DenseView dY, DenseView dX);
    private protected abstract double[] ReferenceForward(HostCsr a, double[] x, int cols);
    private protected abstract double[] ReferenceBackward(HostCsr a, double[] dY, int cols);

    public static readonly SparseCase[] Cases = SparseCase.All;

    [Test]
    public void Forward_matches_float64_reference(
        [ValueSource(nameof(Cases))] SparseCase sparse, [Values(1, 31, 32, 33, 602)] int cols)
    {
        HostCsr a = sparse.Matrix;
        double[] x = Reference.Float32(Reference.Uniform(a.Cols * cols, seed: 1));
        // Garbage in y: the forward overwrites, and an empty row must come out 0, not stay as it was.
        var y = Device.Matrix(Reference.Uniform(a.Rows * cols, seed: 2, lo: 10, hi: 20), a.Rows, cols);

        Forward(Device.Csr(a), Device.Matrix(x, a.Cols, cols), y);

        GradCheck.AssertClose(Device.Download(y), ReferenceForward(a, x, cols), rtol: 1e-5, atol: 1e-6);
    }

    [Test]
    public void Backward_matches_finite_differences([ValueSource(nameof(Cases))] SparseCase sparse, [Values(1, 7)] int cols)
    {
        HostCsr a = sparse.Matrix;
        double[] x = Reference.Float32(Reference.Uniform(a.Cols * cols, seed: 3));
        // A random projection, not a plain sum: with all-ones weights a transposed or mis-scaled backward can pass.
        double[] w = Reference.Float32(Reference.Uniform(a.Rows * cols, seed: 4));
        double[] expected = GradCheck.Numeric(v => Reference.Dot(w, ReferenceForward(a, v, cols)), x);
        var dX = Device.Zeros(a.Cols, cols);

        Backward(Device.Csr(a), Device.Matrix(w, a.Rows, cols), dX);

        GradCheck.AssertClose(Device.Download(dX), expected, rtol: 1e-4, atol: 1e-5);
    }

    [Test]
    public void Backward_matches_float64_reference_at_wide_shapes(
        [ValueSource(nameof(Cases))] SparseCase sparse, [Values(32, 33, 602)] int cols)
    {
        HostCsr a = sparse.Matrix;
        double[] dY = Reference.Float32(Reference.Uniform(a.Rows * cols, seed: 5));
        var dX = Device.Zeros(a.Cols, cols);

        Backward(Device.Csr(a), Device.Matrix(dY, a.Rows, cols), dX);

        GradCheck.AssertClose(Device.Download(dX), ReferenceBackward(a, dY, cols), rtol: 1e-5, atol: 1e-6);
    }

    [Test]
    public void Backward_adds_into_existing_gradient()
    {
        HostCsr a = GraphFactories.RandomRectangular(rows: 23, cols: 17, seed: 6);
        const int cols = 33;
        double[] dY = Reference.Uniform(a.Rows * cols, seed: 7);
        AssertBackwardAccumulates(a.Cols * cols, prefill =>
        {
            var dX = Device.Matrix(prefill, a.Cols, cols);
            Backward(Device.Csr(a), Device.Matrix(dY, a.Rows, cols), dX);
            return Device.Download(dX);
        });
    }
}

public sealed class MeanAggregateTests(string backend) : SparseAggregationTests(backend)
{
    private protected override void Forward(DeviceCsr a, DenseView x, DenseView y) => Kernels.MeanAggregate(a, x, y);
    private protected override void Backward(DeviceCsr a, DenseView dY, DenseView dX) => Kernels.MeanAggregateBackward(a, dY, dX);
    private protected override double[] ReferenceForward(HostCsr a, double[] x, int cols) => Reference.MeanAggregate(a, x, cols);
    private protected override double[] ReferenceBackward(HostCsr a, double[] dY, int cols) => Reference.MeanAggregateBackward(a, dY, cols);
}

public sealed class SpmmTests(string backend) : SparseAggregationTests(backend)
{
    private protected override void Forward(DeviceCsr a, DenseView x, DenseView y) => Kernels.Spmm(a, x, y);
    private protected override void Backward(DeviceCsr a, DenseView dY, DenseView dX) => Kernels.SpmmBackward(a, dY, dX);
    private protected override double[] ReferenceForward(HostCsr a, double[] x, int cols) => Reference.Spmm(a, x, cols);
    private protected override double[] ReferenceBackward(HostCsr a, double[] dY, int cols) => Reference.SpmmBackward(a, dY, cols);
}
