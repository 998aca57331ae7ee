using ClusterGcn.Engine.Kernels;
using ClusterGcn.Engine.Kernels.Sparse;
using ClusterGcn.Engine.Tests.Support;

namespace ClusterGcn.Engine.Tests.Kernels;

/// <summary>Every shape mismatch, malformed sparse matrix and out-of-range index is refused before any kernel runs,
/// with a one-line <see cref="ArgumentException"/> naming the operand.</summary>
public sealed class BadInputTests(string backend) : BackendFixture(backend)
{
    /// <summary>One wrong call and the fragment its message must contain; the fragment names the test case.</summary>
    public sealed record BadCall(string Fragment, Action<TestBackend> Call)
    {
        public override string ToString() => Fragment;
    }

    // 3 × 4 logits (and targets, masks, labels of the right sizes) unless the case is about that operand.
    public static readonly BadCall[] ShapeMismatches =
    [
        new("matmul AB: inner sizes differ", d => d.Kernels.MatMul(MatMulForm.AB, d.Zeros(2, 3), d.Zeros(4, 5), d.Zeros(2, 5), false)),
        new("matmul ABt: inner sizes differ", d => d.Kernels.MatMul(MatMulForm.ABt, d.Zeros(2, 3), d.Zeros(5, 4), d.Zeros(2, 5), false)),
        new("matmul AtB: inner sizes differ", d => d.Kernels.MatMul(MatMulForm.AtB, d.Zeros(3, 2), d.Zeros(4, 5), d.Zeros(2, 5), false)),
        new("matmul AB output c", d => d.Kernels.MatMul(MatMulForm.AB, d.Zeros(2, 3), d.Zeros(3, 4), d.Zeros(2, 5), true)),
        new("matmul AtB output c", d => d.Kernels.MatMul(MatMulForm.AtB, d.Zeros(3, 2), d.Zeros(3, 4), d.Zeros(3, 4), true)),
        new("bias:", d => d.Kernels.AddBias(d.Zeros(3, 4), d.Zeros(1, 5).Data)),
        new("bias gradient", d => d.Kernels.BiasBackward(d.Zeros(3, 4), d.Zeros(1, 3).Data)),
        new("add operand b", d => d.Kernels.Add(d.Zeros(1, 4).Data, d.Zeros(1, 5).Data, d.Zeros(1, 4).Data)),
        new("add output y", d => d.Kernels.Add(d.Zeros(1, 4).Data, d.Zeros(1, 4).Data, d.Zeros(1, 3).Data)),
        new("axpy output y", d => d.Kernels.Axpy(1f, d.Zeros(1, 4).Data, d.Zeros(1, 3).Data)),
        new("mean aggregation input x", d => d.Kernels.MeanAggregate(Star(d), d.Zeros(5, 2), d.Zeros(6, 2))),
        new("mean aggregation output y", d => d.Kernels.MeanAggregate(Star(d), d.Zeros(6, 2), d.Zeros(6, 3))),
        new("mean aggregation output gradient dY", d => d.Kernels.MeanAggregateBackward(Star(d), d.Zeros(5, 2), d.Zeros(6, 2))),
        new("mean aggregation input gradient dX", d => d.Kernels.MeanAggregateBackward(Star(d), d.Zeros(6, 2), d.Zeros(6, 3))),
        new("spmm input x", d => d.Kernels.Spmm(Rectangular(d), d.Zeros(7, 2), d.Zeros(4, 2))),
        new("spmm output y", d => d.Kernels.Spmm(Rectangular(d), d.Zeros(6, 2), d.Zeros(6, 2))),
        new("spmm output gradient dY", d => d.Kernels.SpmmBackward(Rectangular(d), d.Zeros(6, 2), d.Zeros(6, 2))),
        new("spmm input gradient dX", d => d.Kernels.SpmmBackward(Rectangular(d), d.Zeros(4, 2), d.Zeros(4, 2))),
        new("relu output y", d => d.Kernels.Relu(d.Zeros(1, 4).Data, d.Zeros(1, 5).Data)),
        new("relu output gradient dY", d => d.Kernels.ReluBackward(d.Zeros(1, 4).Data, d.Zeros(1, 5).Data, d.Zeros(1, 4).Data)),
        new("relu input gradient dX", d => d.Kernels.ReluBackward(d.Zeros(1, 4).Data, d.Zeros(1, 4).Data, d.Zeros(1, 5).Data)),
        new("dropout output y", d => d.Kernels.Dropout(d.Zeros(1, 4).Data, d.Zeros(1, 5).Data, 0.5f, 1)),
        new("dropout input gradient dX", d => d.Kernels.DropoutBackward(d.Zeros(1, 4).Data, d.Zeros(1, 5).Data, 0.5f, 1)),
        new("gather output", d => d.Kernels.GatherRows(d.Zeros(5, 2), d.Index([0, 4], 5), d.Zeros(2, 3))),
        new("scatter input", d => d.Kernels.ScatterAddRows(d.Zeros(3, 2), d.Index([0, 4], 5), d.Zeros(5, 2))),
        new("log-softmax output", d => d.Kernels.LogSoftmax(d.Zeros(3, 4), d.Zeros(4, 3))),
        new("labels:", d => d.Kernels.LogSoftmaxNll(d.Zeros(3, 4), d.Ints([0, 1]), d.Ints([1, 1, 1]), d.Zeros(1, 2).Data)),
        new("row mask", d => d.Kernels.LogSoftmaxNll(d.Zeros(3, 4), d.Ints([0, 1, 2]), d.Ints([1, 1]), d.Zeros(1, 2).Data)),
        new("loss:", d => d.Kernels.LogSoftmaxNll(d.Zeros(3, 4), d.Ints([0, 1, 2]), d.Ints([1, 1, 1]), d.Zeros(1, 1).Data)),
        new("loss gradient", d => d.Kernels.LogSoftmaxNllBackward(d.Zeros(3, 4), d.Ints([0, 1, 2]), d.Ints([1, 1, 1]),
            d.Zeros(1, 2).Data, d.Zeros(0, 0).Data, d.Zeros(3, 4))),
        new("logits gradient", d => d.Kernels.LogSoftmaxNllBackward(d.Zeros(3, 4), d.Ints([0, 1, 2]), d.Ints([1, 1, 1]),
            d.Zeros(1, 2).Data, d.Zeros(1, 1).Data, d.Zeros(4, 3))),
        new("targets:", d => d.Kernels.SigmoidBce(d.Zeros(3, 4), d.Zeros(3, 5), d.Ints([1, 1, 1]), d.Zeros(1, 2).Data)),
        new("row mask:", d => d.Kernels.SigmoidBceBackward(d.Zeros(3, 4), d.Zeros(3, 4), d.Ints([1]),
            d.Zeros(1, 2).Data, d.Zeros(1, 1).Data, d.Zeros(3, 4))),
        new("argmax output", d => d.Kernels.Argmax(d.Zeros(3, 4), d.Ints([0, 0]))),
        new("argmax: matrix has no columns", d => d.Kernels.Argmax(d.Zeros(3, 0), d.Ints([0, 0, 0]))),
        new("accuracy: logits have no columns", d => d.Kernels.CountCorrect(d.Zeros(3, 0), d.Ints([0, 0, 0]), d.Ints([1, 1, 1]), d.Ints([0, 0]))),
        new("counts:", d => d.Kernels.CountCorrect(d.Zeros(3, 4), d.Ints([0, 0, 0]), d.Ints([1, 1, 1]), d.Ints([0]))),
        new("counts: length 2", d => d.Kernels.MultiLabelCounts(d.Zeros(3, 4), d.Zeros(3, 4), d.Ints([1, 1, 1]), d.Ints([0, 0]))),
        new("sum output", d => d.Kernels.Sum(d.Zeros(1, 4).Data, d.Zeros(0, 0).Data)),
        new("adam first moment", d => d.Kernels.AdamStep(d.Zeros(1, 4).Data, d.Zeros(1, 4).Data, d.Zeros(1, 3).Data, d.Zeros(1, 4).Data, Adam)),
        new("adam second moment", d => d.Kernels.AdamStep(d.Zeros(1, 4).Data, d.Zeros(1, 4).Data, d.Zeros(1, 4).Data, d.Zeros(1, 5).Data, Adam)),
        new("adam gradient", d => d.Kernels.AdamStep(d.Zeros(1, 4).Data, d.Zeros(1, 3).Data, d.Zeros(1, 4).Data, d.Zeros(1, 4).Data, Adam)),
        new("sparse matrix: built without its transpose", d => d.Kernels.MeanAggregateBackward(
            d.Csr(GraphFactories.Path(3), withTranspose: false), d.Zeros(3, 2), d.Zeros(3, 2))),
        new("sparse matrix: has no values", d => d.Kernels.Spmm(d.Csr(GraphFactories.Path(3)), d.Zeros(3, 2), d.Zeros(3, 2))),
    ];

    private static readonly AdamStepSettings Adam = new(0.01f, 0.9f, 0.999f, 1e-8f, 0f, 1);

    [Test]
    public void Shape_mismatch_is_a_one_line_error_naming_the_operand([ValueSource(nameof(ShapeMismatches))] BadCall bad) =>
        Errors.AssertOneLine(() => bad.Call(Device), bad.Fragment);

    // ---- malformed sparse matrices and indices: checked on the host, before anything is uploaded ---------------

    [Test]
    public void Csr_with_a_decreasing_row_pointer_is_a_one_line_error() =>
        Errors.AssertOneLine(() => Device.Own(DeviceCsr.Create(Device.Accelerator, [0, 2, 1, 3], [0, 1, 2], cols: 3)),
            "sparse matrix: row pointer decreases at row 1");

    [Test]
    public void Csr_with_a_column_outside_the_matrix_is_a_one_line_error([Values(3, -1)] int column) =>
        Errors.AssertOneLine(() => Device.Own(DeviceCsr.Create(Device.Accelerator, [0, 1, 2], [0, column], cols: 3)),
            "lies outside the 3 columns");

    [Test]
    public void Csr_with_the_wrong_number_of_values_is_a_one_line_error() =>
        Errors.AssertOneLine(() => Device.Own(DeviceCsr.Create(Device.Accelerator, [0, 1, 2], [0, 1], cols: 2, values: [1f])),
            "sparse matrix: 1 values for 2 entries");

    [Test]
    public void Csr_with_a_non_finite_value_is_a_one_line_error() =>
        Errors.AssertOneLine(() => Device.Own(DeviceCsr.Create(Device.Accelerator, [0, 1, 2], [0, 1], cols: 2, values: [1f, float.NaN])),
            "value NaN at entry 1 is not finite");

    [Test]
    public void Csr_whose_row_pointer_does_not_end_at_the_entry_count_is_a_one_line_error() =>
        Errors.AssertOneLine(() => Device.Own(DeviceCsr.Create(Device.Accelerator, [0, 1, 1], [0, 1], cols: 2)),
            "row pointer ends at 1 but there are 2 column indices");

    [Test]
    public void Index_with_an_out_of_range_id_is_a_one_line_error([Values(5, -1)] int id) =>
        Errors.AssertOneLine(() => Device.Index([0, id, 2], bound: 5), $"index: id {id} at position 1 is outside [0, 5)");

    private static DeviceCsr Star(TestBackend d) => d.Csr(GraphFactories.StarWithIsolatedNode(leaves: 4)); // 6 × 6

    private static DeviceCsr Rectangular(TestBackend d) => d.Csr(GraphFactories.RandomRectangular(rows: 4, cols: 6, seed: 1)); // 4 × 6
}
