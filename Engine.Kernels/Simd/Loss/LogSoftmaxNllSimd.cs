namespace ClusterGcn.Engine.Kernels.Simd.Loss;

/// <summary>Log-softmax, and the fused log-softmax + masked negative log-likelihood with its backward. A row counts
/// when its mask is non-zero and its label is in [0, C).</summary>
internal static unsafe class LogSoftmaxNllSimd
{
    public static void LogSoftmax(float* logits, float* logProbs, int rows, int cols) =>
        Chunks.For(rows, Chunks.Balanced(rows, 8L * cols), (start, end) =>
        {
            for (long i = start; i < end; i++)
            {
                float* x = logits + i * cols, y = logProbs + i * cols;
                float lse = LogSumExp(x, cols);
                for (int c = 0; c < cols; c++) y[c] = x[c] - lse;
            }
        });

    public static void Forward(float* logits, int* labels, int* mask, float* loss, int rows, int cols, Scratch scratch) =>
        MaskedMean.Write(rows, 1, loss, scratch, (long i, out double value) =>
        {
            bool counted = Counted(labels, mask, i, cols);
            value = counted ? LogSumExp(logits + i * cols, cols) - (double)logits[i * cols + labels[i]] : 0;
            return counted;
        });

    /// <summary>dLogits[i] += dLoss·(softmax(logits[i]) − onehot(label i)) / count, for counted rows.</summary>
    public static void Backward(float* logits, int* labels, int* mask, float* loss, float* dLoss, float* dLogits, int rows, int cols)
    {
        if (loss[1] <= 0) return;
        float scale = dLoss[0] / loss[1];
        Chunks.For(rows, Chunks.Balanced(rows, 8L * cols), (start, end) =>
        {
            for (long i = start; i < end; i++)
            {
                if (!Counted(labels, mask, i, cols)) continue;
                float* x = logits + i * cols, dx = dLogits + i * cols;
                float lse = LogSumExp(x, cols);
                for (int c = 0; c < cols; c++) dx[c] += scale * MathF.Exp(x[c] - lse);
                dx[labels[i]] -= scale;
            }
        });
    }

    private static bool Counted(int* labels, int* mask, long i, int cols) => mask[i] != 0 && (uint)labels[i] < (uint)cols;

    /// <summary>log Σ_c exp(x[c]), with the maximum subtracted first so no exp overflows.</summary>
    private static float LogSumExp(float* x, int cols)
    {
        float max = float.NegativeInfinity;
        for (int c = 0; c < cols; c++) max = MathF.Max(max, x[c]);
        float sum = 0f;
        for (int c = 0; c < cols; c++) sum += MathF.Exp(x[c] - max);
        return max + MathF.Log(sum);
    }
}
