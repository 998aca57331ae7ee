namespace ClusterGcn.Engine.Kernels.Simd.Loss;

/// <summary>Fused sigmoid + masked binary cross-entropy over multi-label targets, and its backward. Per element the
/// loss is max(x, 0) − x·t + log(1 + e^−|x|): the same value as −(t·log σ(x) + (1 − t)·log(1 − σ(x))), without
/// the log(0) or exp overflow that form hits at large |x|.</summary>
internal static unsafe class SigmoidBceSimd
{
    public static void Forward(float* logits, float* targets, int* mask, float* loss, int rows, int cols, Scratch scratch) =>
        MaskedMean.Write(rows, cols, loss, scratch, (long i, out double value) =>
        {
            value = 0;
            if (mask[i] == 0) return false;
            float* x = logits + i * cols, t = targets + i * cols;
            for (int c = 0; c < cols; c++)
                value += MathF.Max(x[c], 0f) - x[c] * t[c] + MathF.Log(1f + MathF.Exp(-MathF.Abs(x[c])));
            return true;
        });

    /// <summary>dLogits[i, c] += dLoss·(σ(x) − t) / (count·C), for counted rows.</summary>
    public static void Backward(float* logits, float* targets, int* mask, float* loss, float* dLoss, float* dLogits, int rows, int cols)
    {
        if (loss[1] <= 0) return;
        float scale = dLoss[0] / (loss[1] * cols);
        Chunks.For(rows, Chunks.Balanced(rows, 8L * cols), (start, end) =>
        {
            for (long i = start; i < end; i++)
            {
                if (mask[i] == 0) continue;
                float* x = logits + i * cols, t = targets + i * cols, dx = dLogits + i * cols;
                for (int c = 0; c < cols; c++) dx[c] += scale * (Sigmoid(x[c]) - t[c]);
            }
        });
    }

    /// <summary>σ(x) from e^−|x|, which never overflows.</summary>
    private static float Sigmoid(float x)
    {
        float e = MathF.Exp(-MathF.Abs(x));
        return x >= 0f ? 1f / (1f + e) : e / (1f + e);
    }
}
