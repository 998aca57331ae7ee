using System.Runtime.Intrinsics;
using ClusterGcn.Engine.Kernels.Simd.Dense;
using ClusterGcn.Engine.Kernels.Simd.Elementwise;
using ClusterGcn.Engine.Kernels.Simd.Normalization;
using ClusterGcn.Engine.Kernels.Simd.Optim;
using ClusterGcn.Engine.Kernels.Simd.Reduction;
using ClusterGcn.Engine.Kernels.Simd.Rows;
using ClusterGcn.Engine.Kernels.Simd.Sparse;

namespace ClusterGcn.Engine.Kernels.Simd;

/// <summary>The ops whose kernels are generic over the vector width, bound once to the widest width the machine
/// runs natively, so no op re-tests the hardware and no kernel is written twice.</summary>
internal abstract unsafe class WidthOps
{
    /// <summary>Vector512 where AVX-512 is there, else Vector256, else Vector128 (emulated when there is no SIMD).</summary>
    public static WidthOps ForThisMachine() =>
        Vector512.IsHardwareAccelerated ? new Bound<Lanes512>()
        : Vector256.IsHardwareAccelerated ? new Bound<Lanes256>()
        : new Bound<Lanes128>();

    public abstract string Width { get; }

    public abstract void MatMul(MatMulForm form, float* a, float* b, float* c, int m, int k, int n, bool accumulate, Scratch scratch);

    public abstract void AddBias(float* y, float* bias, int rows, int cols);

    public abstract void BiasBackward(float* dY, float* dBias, int rows, int cols);

    public abstract void Add(float* a, float* b, float* y, long n);

    public abstract void Axpy(float alpha, float* x, float* y, long n);

    public abstract void LayerNorm(float* x, float* gamma, float* beta, float* y, float* mean, float* rstd, int rows, int cols, float eps);

    public abstract void LayerNormBackward(float* x, float* gamma, float* mean, float* rstd, float* dY, float* dX, int rows, int cols);

    public abstract void LayerNormAffineBackward(float* x, float* mean, float* rstd, float* dY, float* dGamma, float* dBeta, int rows, int cols);

    public abstract void MeanAggregate(int* rowPtr, int* colIdx, float* x, float* y, int rows, int features);

    public abstract void MeanAggregateBackward(float* inverseDegree, int* tRowPtr, int* tColIdx, float* dY, float* dX, int cols, int features);

    public abstract void Spmm(int* rowPtr, int* colIdx, float* values, float* x, float* y, int rows, int features);

    public abstract void SpmmBackward(int* tRowPtr, int* tColIdx, float* tValues, float* dY, float* dX, int cols, int features);

    public abstract void Relu(float* x, float* y, long n);

    public abstract void ReluBackward(float* y, float* dY, float* dX, long n);

    public abstract void ScatterAddRows(float* src, int* ids, float* dst, int count, int cols);

    public abstract void Sum(float* x, long n, float* result, Scratch scratch);

    public abstract void AdamStep(float* p, float* g, float* m, float* v, long n, AdamStepSettings settings);

    private sealed class Bound<TVec> : WidthOps where TVec : struct, ILanes<TVec>
    {
        public override string Width => $"{TVec.Count * 32}-bit";

        public override void MatMul(MatMulForm form, float* a, float* b, float* c, int m, int k, int n, bool accumulate, Scratch scratch) =>
            MatMulSimd.Run<TVec>(form, a, b, c, m, k, n, accumulate, scratch);

        public override void AddBias(float* y, float* bias, int rows, int cols) => BiasSimd.Forward<TVec>(y, bias, rows, cols);

        public override void BiasBackward(float* dY, float* dBias, int rows, int cols) => BiasSimd.Backward<TVec>(dY, dBias, rows, cols);

        public override void Add(float* a, float* b, float* y, long n) => AddSimd.Add<TVec>(a, b, y, n);

        public override void Axpy(float alpha, float* x, float* y, long n) => AddSimd.Axpy<TVec>(alpha, x, y, n);

        public override void LayerNorm(float* x, float* gamma, float* beta, float* y, float* mean, float* rstd, int rows, int cols, float eps) =>
            LayerNormSimd.Forward<TVec>(x, gamma, beta, y, mean, rstd, rows, cols, eps);

        public override void LayerNormBackward(float* x, float* gamma, float* mean, float* rstd, float* dY, float* dX, int rows, int cols) =>
            LayerNormSimd.Backward<TVec>(x, gamma, mean, rstd, dY, dX, rows, cols);

        public override void LayerNormAffineBackward(float* x, float* mean, float* rstd, float* dY, float* dGamma, float* dBeta, int rows, int cols) =>
            LayerNormSimd.AffineBackward<TVec>(x, mean, rstd, dY, dGamma, dBeta, rows, cols);

        public override void MeanAggregate(int* rowPtr, int* colIdx, float* x, float* y, int rows, int features) =>
            MeanAggregateSimd.Forward<TVec>(rowPtr, colIdx, x, y, rows, features);

        public override void MeanAggregateBackward(float* inverseDegree, int* tRowPtr, int* tColIdx, float* dY, float* dX, int cols, int features) =>
            MeanAggregateSimd.Backward<TVec>(inverseDegree, tRowPtr, tColIdx, dY, dX, cols, features);

        public override void Spmm(int* rowPtr, int* colIdx, float* values, float* x, float* y, int rows, int features) =>
            SpmmSimd.Forward<TVec>(rowPtr, colIdx, values, x, y, rows, features);

        public override void SpmmBackward(int* tRowPtr, int* tColIdx, float* tValues, float* dY, float* dX, int cols, int features) =>
            SpmmSimd.Backward<TVec>(tRowPtr, tColIdx, tValues, dY, dX, cols, features);

        public override void Relu(float* x, float* y, long n) => ReluSimd.Forward<TVec>(x, y, n);

        public override void ReluBackward(float* y, float* dY, float* dX, long n) => ReluSimd.Backward<TVec>(y, dY, dX, n);

        public override void ScatterAddRows(float* src, int* ids, float* dst, int count, int cols) =>
            RowsSimd.ScatterAdd<TVec>(src, ids, dst, count, cols);

        public override void Sum(float* x, long n, float* result, Scratch scratch) => SumSimd.Run<TVec>(x, n, result, scratch);

        public override void AdamStep(float* p, float* g, float* m, float* v, long n, AdamStepSettings settings) =>
            AdamSimd.Step<TVec>(p, g, m, v, n, settings);
    }
}
