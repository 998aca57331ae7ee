namespace ClusterGcn.Engine.Kernels.Simd.Metrics;

/// <summary>Argmax, single-label accuracy counts and multi-label confusion counts. Counts are integers, so chunks add
/// them with Interlocked in any order and the totals are still exact.</summary>
internal static unsafe class MetricsSimd
{
    public static void Argmax(float* x, int* result, int rows, int cols) =>
        Chunks.For(rows, Chunks.Balanced(rows, cols), (start, end) =>
        {
            for (long i = start; i < end; i++) result[i] = RowArgmax(x + i * cols, cols);
        });

    public static void CountCorrect(float* logits, int* labels, int* mask, int* counts, int rows, int cols)
    {
        int correct = 0, counted = 0;
        Chunks.For(rows, Chunks.Balanced(rows, cols), (start, end) =>
        {
            int hits = 0, seen = 0;
            for (long i = start; i < end; i++)
            {
                if (mask[i] == 0 || (uint)labels[i] >= (uint)cols) continue;
                seen++;
                if (RowArgmax(logits + i * cols, cols) == labels[i]) hits++;
            }
            Interlocked.Add(ref correct, hits);
            Interlocked.Add(ref counted, seen);
        });
        counts[0] = correct;
        counts[1] = counted;
    }

    public static void MultiLabelCounts(float* logits, float* targets, int* mask, int* counts, int rows, int cols)
    {
        int truePositives = 0, falsePositives = 0, falseNegatives = 0;
        Chunks.For(rows, Chunks.Balanced(rows, cols), (start, end) =>
        {
            int tp = 0, fp = 0, fn = 0;
            for (long i = start; i < end; i++)
            {
                if (mask[i] == 0) continue;
                for (long j = i * cols; j < (i + 1) * cols; j++)
                {
                    bool predicted = logits[j] > 0f, positive = targets[j] > 0.5f;
                    if (predicted && positive) tp++;
                    else if (predicted) fp++;
                    else if (positive) fn++;
                }
            }
            Interlocked.Add(ref truePositives, tp);
            Interlocked.Add(ref falsePositives, fp);
            Interlocked.Add(ref falseNegatives, fn);
        });
        counts[0] = truePositives;
        counts[1] = falsePositives;
        counts[2] = falseNegatives;
    }

    /// <summary>The first column holding the row's maximum.</summary>
    private static int RowArgmax(float* row, int cols)
    {
        int best = 0;
        for (int c = 1; c < cols; c++)
            if (row[c] > row[best]) best = c;
        return best;
    }
}
