using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ClusterGcn.Engine.Kernels.Simd.Dense;

/// <summary>C = op(A)·op(B) (+ C) for the three forms, as one register-blocked kernel: op(B) is packed into
/// contiguous panels of 4 vectors' width, and each 4-row × panel tile of C lives in 16 registers while the
/// reduction runs (4 broadcasts + 4 loads feed 16 FMAs per step). op(A) is read in place through two strides,
/// which is all that distinguishes A·B from Aᵀ·B; A·Bᵀ differs only in how B is packed.</summary>
/// <remarks>Every element of C is summed by one task in a fixed order (k blocks ascending), so the result does not
/// depend on the core count.</remarks>
internal static unsafe class MatMulSimd
{
    /// <summary>Rows of C per task: 8 tiles, enough to reuse a packed B block from L1/L2 several times.</summary>
    private const int RowGroup = 32;

    /// <summary>Reduction length per pass: a packed B block of 256 × 64 floats (64 KB) stays in L2.</summary>
    private const int KBlock = 256;

    private const int TileRows = 4;

    public static void Run<TVec>(MatMulForm form, float* a, float* b, float* c, int m, int k, int n, bool accumulate,
        Scratch scratch) where TVec : struct, ILanes<TVec>
    {
        if (k == 0)
        {
            if (!accumulate) NativeMemory.Clear(c, (nuint)m * (nuint)n * sizeof(float));
            return;
        }
        int width = 4 * TVec.Count;
        int panels = (n + width - 1) / width;
        float* packed = scratch.Get<float>((long)panels * width * k);
        PackB(form == MatMulForm.ABt, b, packed, k, n, width, panels);

        // op(A)[i, p] = a[i·rowStride + p·depthStride]: A·B and A·Bᵀ read A by rows, Aᵀ·B reads it by columns.
        long rowStride = form == MatMulForm.AtB ? 1 : k, depthStride = form == MatMulForm.AtB ? m : 1;
        int groups = (m + RowGroup - 1) / RowGroup;
        long tasks = (long)groups * panels;
        Chunks.For(tasks, Chunks.Balanced(tasks, (long)RowGroup * width * k), (start, end) =>
        {
            for (long t = start; t < end; t++)
            {
                int group = (int)(t / panels), panel = (int)(t % panels);
                int i0 = group * RowGroup, rows = Math.Min(RowGroup, m - i0);
                int j0 = panel * width, cols = Math.Min(width, n - j0);
                var block = new Block(a + i0 * rowStride, rowStride, depthStride, rows, packed + (long)panel * width * k,
                    width, k, c + (long)i0 * n + j0, n, cols, accumulate);
                switch ((cols + TVec.Count - 1) / TVec.Count)
                {
                    case 1: block.Run<TVec, One>(); break;
                    case 2: block.Run<TVec, Two>(); break;
                    case 3: block.Run<TVec, Three>(); break;
                    default: block.Run<TVec, Four>(); break;
                }
            }
        });
    }

    /// <summary>packed[panel][p][j] = op(B)[p, panel·width + j], zero past column n so the kernel never branches on width.</summary>
    private static void PackB(bool transposed, float* b, float* packed, int k, int n, int width, int panels)
    {
        Chunks.For(panels, Chunks.Balanced(panels, (long)k * width), (start, end) =>
        {
            for (long panel = start; panel < end; panel++)
            {
                float* dst = packed + panel * width * k;
                int j0 = (int)panel * width, cols = Math.Min(width, n - j0);
                if (cols < width) new Span<float>(dst, width * k).Clear();
                for (int j = 0; j < cols; j++)
                {
                    // Aᵀ-style B (n × k) is read along its rows: sequential reads, strided writes into the small panel.
                    float* src = transposed ? b + (long)(j0 + j) * k : b + j0 + j;
                    long step = transposed ? 1 : n;
                    for (int p = 0; p < k; p++) dst[(long)p * width + j] = src[p * step];
                }
            }
        });
    }

    /// <summary>Vectors per row of a tile: the last panel of a narrow C (e.g. 41 classes) skips the padded ones.</summary>
    private interface IVectors
    {
        static abstract int Count { get; }
    }

    private readonly struct One : IVectors { public static int Count => 1; }

    private readonly struct Two : IVectors { public static int Count => 2; }

    private readonly struct Three : IVectors { public static int Count => 3; }

    private readonly struct Four : IVectors { public static int Count => 4; }

    /// <summary>One task: a row group of C against one packed panel of B.</summary>
    private readonly struct Block(float* a, long rowStride, long depthStride, int rows, float* panel, int width, int k,
        float* c, int ldc, int cols, bool accumulate)
    {
        // Fully optimised from the first call: tier-0 code here (and in Flush) runs 4× slower for the first ~100 ms.
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Run<TVec, TW>() where TVec : struct, ILanes<TVec> where TW : struct, IVectors
        {
            float* tile = stackalloc float[TileRows * 4 * TVec.Count];
            for (int p0 = 0; p0 < k; p0 += KBlock)
            {
                int depth = Math.Min(KBlock, k - p0);
                bool add = accumulate || p0 > 0;
                for (int i = 0; i < rows; i += TileRows)
                {
                    int tileRows = Math.Min(TileRows, rows - i);
                    Tile<TVec, TW>(a + i * rowStride + p0 * depthStride, rowStride, depthStride, tileRows,
                        panel + (long)p0 * width, width, depth, tile);
                    Flush<TVec, TW>(tile, c + (long)i * ldc, ldc, tileRows, cols, add);
                }
            }
        }
    }

    /// <summary>tile = op(A)[0..4, 0..depth]·panel[0..depth], 4 rows of 4 vectors. Rows past <paramref name="rows"/>
    /// re-read the last valid row of A (cheaper than a branch per step). Makes no call: any call after the loop makes
    /// the register allocator spill every accumulator inside it (no vector register survives a call on x64).</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void Tile<TVec, TW>(float* a0, long rowStride, long depthStride, int rows, float* b, int width, int depth,
        float* tile) where TVec : struct, ILanes<TVec> where TW : struct, IVectors
    {
        int lanes = TVec.Count;
        float* a1 = rows > 1 ? a0 + rowStride : a0;
        float* a2 = rows > 2 ? a1 + rowStride : a1;
        float* a3 = rows > 3 ? a2 + rowStride : a2;
        TVec c00 = TVec.Zero, c01 = TVec.Zero, c02 = TVec.Zero, c03 = TVec.Zero;
        TVec c10 = TVec.Zero, c11 = TVec.Zero, c12 = TVec.Zero, c13 = TVec.Zero;
        TVec c20 = TVec.Zero, c21 = TVec.Zero, c22 = TVec.Zero, c23 = TVec.Zero;
        TVec c30 = TVec.Zero, c31 = TVec.Zero, c32 = TVec.Zero, c33 = TVec.Zero;
        for (long p = 0; p < depth; p++)
        {
            TVec b0 = TVec.Load(b);
            TVec b1 = TVec.Load(b + lanes);
            TVec b2 = TVec.Load(b + 2 * lanes);
            TVec b3 = TVec.Load(b + 3 * lanes);
            b += width;

            TVec x = TVec.Broadcast(a0[p * depthStride]);
            c00 = TVec.MultiplyAdd(x, b0, c00);
            if (TW.Count > 1) c01 = TVec.MultiplyAdd(x, b1, c01);
            if (TW.Count > 2) c02 = TVec.MultiplyAdd(x, b2, c02);
            if (TW.Count > 3) c03 = TVec.MultiplyAdd(x, b3, c03);
            x = TVec.Broadcast(a1[p * depthStride]);
            c10 = TVec.MultiplyAdd(x, b0, c10);
            if (TW.Count > 1) c11 = TVec.MultiplyAdd(x, b1, c11);
            if (TW.Count > 2) c12 = TVec.MultiplyAdd(x, b2, c12);
            if (TW.Count > 3) c13 = TVec.MultiplyAdd(x, b3, c13);
            x = TVec.Broadcast(a2[p * depthStride]);
            c20 = TVec.MultiplyAdd(x, b0, c20);
            if (TW.Count > 1) c21 = TVec.MultiplyAdd(x, b1, c21);
            if (TW.Count > 2) c22 = TVec.MultiplyAdd(x, b2, c22);
            if (TW.Count > 3) c23 = TVec.MultiplyAdd(x, b3, c23);
            x = TVec.Broadcast(a3[p * depthStride]);
            c30 = TVec.MultiplyAdd(x, b0, c30);
            if (TW.Count > 1) c31 = TVec.MultiplyAdd(x, b1, c31);
            if (TW.Count > 2) c32 = TVec.MultiplyAdd(x, b2, c32);
            if (TW.Count > 3) c33 = TVec.MultiplyAdd(x, b3, c33);
        }
        Park(tile, c00, c01, c02, c03);
        Park(tile + 4 * lanes, c10, c11, c12, c13);
        Park(tile + 8 * lanes, c20, c21, c22, c23);
        Park(tile + 12 * lanes, c30, c31, c32, c33);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Park<TVec>(float* tile, TVec v0, TVec v1, TVec v2, TVec v3) where TVec : struct, ILanes<TVec>
    {
        TVec.Store(tile, v0);
        TVec.Store(tile + TVec.Count, v1);
        TVec.Store(tile + 2 * TVec.Count, v2);
        TVec.Store(tile + 3 * TVec.Count, v3);
    }

    /// <summary>C[r, 0..cols] (+)= tile row r, for r &lt; rows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Flush<TVec, TW>(float* tile, float* c, int ldc, int rows, int cols, bool add)
        where TVec : struct, ILanes<TVec> where TW : struct, IVectors
    {
        for (int r = 0; r < rows; r++, c += ldc, tile += 4 * TVec.Count)
        {
            int j = 0;
            for (; j < TW.Count * TVec.Count && j + TVec.Count <= cols; j += TVec.Count)
                TVec.Store(c + j, add ? TVec.Load(c + j) + TVec.Load(tile + j) : TVec.Load(tile + j));
            for (; j < cols; j++) c[j] = add ? c[j] + tile[j] : tile[j];
        }
    }
}
