namespace ClusterGcn.Engine.Kernels.Simd.Loss;

/// <summary>The reduction both losses end with: loss[0] = Σ per-row loss / (counted rows · divisor), loss[1] = counted
/// rows. Rows are summed in double over fixed chunks, whose sums are then added in chunk order, so the loss has the
/// same bits on any core count.</summary>
internal static unsafe class MaskedMean
{
    private const int ChunkRows = 256;

    /// <summary>Whether <paramref name="row"/> counts, and if so its loss.</summary>
    public delegate bool RowLoss(long row, out double loss);

    public static void Write(int rows, double divisor, float* loss, Scratch scratch, RowLoss rowLoss)
    {
        int chunks = Chunks.Count(rows, ChunkRows);
        double* partials = scratch.Get<double>(2L * Math.Max(chunks, 1));
        Chunks.For(rows, ChunkRows, (start, end) =>
        {
            double sum = 0;
            long counted = 0;
            for (long i = start; i < end; i++)
            {
                if (!rowLoss(i, out double value)) continue;
                sum += value;
                counted++;
            }
            partials[2 * (start / ChunkRows)] = sum;
            partials[2 * (start / ChunkRows) + 1] = counted;
        });
        double total = 0, count = 0;
        for (int c = 0; c < chunks; c++) (total, count) = (total + partials[2 * c], count + partials[2 * c + 1]);
        loss[0] = count > 0 ? (float)(total / (count * divisor)) : 0f;
        loss[1] = (float)count;
    }
}
