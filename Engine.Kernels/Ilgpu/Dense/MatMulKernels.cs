using ILGPU;
using ILGPU.Runtime;

namespace ClusterGcn.Engine.Kernels.Ilgpu.Dense;

/// <summary>Where op(A)[i, p] and op(B)[p, j] live for one product form, so one kernel serves AB, ABᵀ and AᵀB:
/// op(A)[i, p] = a[i·ARow + p·ACol] and op(B)[p, j] = b[p·BRow + j·BCol].</summary>
internal readonly struct ProductLayout(int m, int k, int n, long aRow, long aCol, long bRow, long bCol, int accumulate)
{
    public readonly int M = m, K = k, N = n;
    public readonly long ARow = aRow, ACol = aCol, BRow = bRow, BCol = bCol;

    /// <summary>Non-zero: add into C instead of overwriting it.</summary>
    public readonly int Accumulate = accumulate;

    public static ProductLayout Of(MatMulForm form, int m, int k, int n, bool accumulate)
    {
        int add = accumulate ? 1 : 0;
        return form switch
        {
            MatMulForm.AB => new ProductLayout(m, k, n, k, 1, n, 1, add),
            MatMulForm.ABt => new ProductLayout(m, k, n, k, 1, 1, k, add),
            MatMulForm.AtB => new ProductLayout(m, k, n, 1, m, n, 1, add),
            _ => throw new ArgumentOutOfRangeException(nameof(form), form, "unknown product form."),
        };
    }

    public long A(int i, int p) => i * ARow + p * ACol;

    public long B(int p, int j) => p * BRow + j * BCol;
}

/// <summary>The 4 × 4 block of C one thread accumulates in registers: rows i0 + r·rowStep, columns j0 + c·colStep.</summary>
internal struct MicroTile
{
    private float c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33;

    /// <summary>One step of the inner product: the outer product of a column of A and a row of B.</summary>
    public void Add(float x0, float x1, float x2, float x3, float y0, float y1, float y2, float y3)
    {
        c00 += x0 * y0; c01 += x0 * y1; c02 += x0 * y2; c03 += x0 * y3;
        c10 += x1 * y0; c11 += x1 * y1; c12 += x1 * y2; c13 += x1 * y3;
        c20 += x2 * y0; c21 += x2 * y1; c22 += x2 * y2; c23 += x2 * y3;
        c30 += x3 * y0; c31 += x3 * y1; c32 += x3 * y2; c33 += x3 * y3;
    }

    /// <summary>Writes the block, dropping the rows and columns outside C (edge tiles compute them from clamped loads).</summary>
    public readonly void Store(ArrayView<float> c, ProductLayout l, int i0, int rowStep, int j0, int colStep)
    {
        StoreRow(c, l, i0, j0, colStep, c00, c01, c02, c03);
        StoreRow(c, l, i0 + rowStep, j0, colStep, c10, c11, c12, c13);
        StoreRow(c, l, i0 + 2 * rowStep, j0, colStep, c20, c21, c22, c23);
        StoreRow(c, l, i0 + 3 * rowStep, j0, colStep, c30, c31, c32, c33);
    }

    private static void StoreRow(ArrayView<float> c, ProductLayout l, int i, int j0, int colStep, float v0, float v1, float v2, float v3)
    {
        if (i >= l.M) return;
        long row = (long)i * l.N;
        Store(c, l, row, j0, v0);
        Store(c, l, row, j0 + colStep, v1);
        Store(c, l, row, j0 + 2 * colStep, v2);
        Store(c, l, row, j0 + 3 * colStep, v3);
    }

    // Overwriting (not adding 0·old) matters: fresh accelerator buffers hold garbage, possibly NaN.
    private static void Store(ArrayView<float> c, ProductLayout l, long row, int j, float value)
    {
        if (j >= l.N) return;
        if (l.Accumulate != 0) c[row + j] += value;
        else c[row + j] = value;
    }
}

/// <summary>C = op(A)·op(B) for the three forms a linear layer needs (its forward and both of its gradients),
/// each thread computing a 4 × 8 block of C in registers. GPUs get a shared-memory tiled variant.</summary>
internal sealed class MatMulKernels
{
    /// <summary>Rows and columns of C per thread: 16 accumulators and 8 loads per step of the inner product, the
    /// best portable shape measured (ilgpu-notes §3.3, variant d).</summary>
    private const int Micro = 4;

    /// <summary>Columns of C per thread of the portable kernel: two micro-tiles side by side share each step's four
    /// loads of A, so a step costs 12 bounds-checked loads for 32 products instead of 8 for 16 (the loads, not the
    /// arithmetic, bound it on the CPU accelerator; ilgpu-notes §4).</summary>
    private const int PortableCols = 2 * Micro;

    /// <summary>The tiled variant's group is Side × Side threads, computing a (4·Side)² block of C.</summary>
    private const int Side = 16;

    /// <summary>Rows (and columns) of C per group of the tiled variant.</summary>
    private const int Block = Micro * Side;

    /// <summary>Words per staged row of a shared tile: one more than Block, so the 16 lanes storing a column land
    /// in 16 different banks.</summary>
    private const int Lead = Block + 1;

    /// <summary>Inner-product steps staged in shared memory per barrier pair.</summary>
    private const int Depth = 16;

    private readonly Accelerator accelerator;
    private readonly Action<KernelConfig, Partition, ArrayView<float>, ArrayView<float>, ArrayView<float>, ProductLayout> portable;
    private readonly Action<KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<float>, ProductLayout> tiled;

    public MatMulKernels(Accelerator accelerator)
    {
        this.accelerator = accelerator;
        portable = accelerator.LoadStreamKernel<Partition, ArrayView<float>, ArrayView<float>, ArrayView<float>, ProductLayout>(ProductKernel);
        tiled = accelerator.LoadStreamKernel<ArrayView<float>, ArrayView<float>, ArrayView<float>, ProductLayout>(TiledProductKernel);
    }

    /// <summary>Threads per group of the tiled variant: accelerators with fewer cannot run it.</summary>
    public static int TiledGroupSize => Side * Side;

    /// <summary>The tiled variant on GPUs; on the CPU accelerator its barriers and per-group shared memory cost
    /// OS-level synchronisation and allocations (ilgpu-notes §3.5), so the portable kernel runs there.</summary>
    public void Product(MatMulForm form, DenseView a, DenseView b, DenseView c, int m, int k, int n, bool accumulate)
    {
        if (accelerator.AcceleratorType == AcceleratorType.CPU) ProductPortable(form, a, b, c, m, k, n, accumulate);
        else ProductTiled(form, a, b, c, m, k, n, accumulate);
    }

    public void ProductPortable(MatMulForm form, DenseView a, DenseView b, DenseView c, int m, int k, int n, bool accumulate)
    {
        long tiles = (long)((m + Micro - 1) / Micro) * ((n + PortableCols - 1) / PortableCols);
        var launch = LaunchPolicy.For(accelerator, tiles);
        portable(launch.Config, launch.Work, a.Data, b.Data, c.Data, ProductLayout.Of(form, m, k, n, accumulate));
    }

    public void ProductTiled(MatMulForm form, DenseView a, DenseView b, DenseView c, int m, int k, int n, bool accumulate)
    {
        long blocks = (long)((m + Block - 1) / Block) * ((n + Block - 1) / Block);
        tiled(LaunchPolicy.ForGroups(accelerator, blocks, TiledGroupSize), a.Data, b.Data, c.Data, ProductLayout.Of(form, m, k, n, accumulate));
    }

    // Tiles are numbered with the column tile fastest, so neighbouring GPU threads read neighbouring columns of B
    // and share the same rows of A. Edge tiles clamp their loads to the last row/column (always in bounds, no
    // branch in the inner loop) and drop the clamped results when storing.
    [KernelEntry]
    internal static void ProductKernel(Partition work, ArrayView<float> a, ArrayView<float> b, ArrayView<float> c, ProductLayout l)
    {
        var range = work.ForThisThread();
        int tilesN = (l.N + PortableCols - 1) / PortableCols, lastN = l.N - 1;
        for (long t = range.Start; t < range.End; t += range.Step)
        {
            int i0 = (int)(t / tilesN) * Micro, j0 = (int)(t % tilesN) * PortableCols;
            int i1 = Math.Min(i0 + 1, l.M - 1), i2 = Math.Min(i0 + 2, l.M - 1), i3 = Math.Min(i0 + 3, l.M - 1);
            int j1 = Math.Min(j0 + 1, lastN), j2 = Math.Min(j0 + 2, lastN), j3 = Math.Min(j0 + 3, lastN);
            int j4 = Math.Min(j0 + 4, lastN), j5 = Math.Min(j0 + 5, lastN), j6 = Math.Min(j0 + 6, lastN), j7 = Math.Min(j0 + 7, lastN);
            var left = new MicroTile();
            var right = new MicroTile();
            for (int p = 0; p < l.K; p++)
            {
                float x0 = a[l.A(i0, p)], x1 = a[l.A(i1, p)], x2 = a[l.A(i2, p)], x3 = a[l.A(i3, p)];
                left.Add(x0, x1, x2, x3, b[l.B(p, j0)], b[l.B(p, j1)], b[l.B(p, j2)], b[l.B(p, j3)]);
                right.Add(x0, x1, x2, x3, b[l.B(p, j4)], b[l.B(p, j5)], b[l.B(p, j6)], b[l.B(p, j7)]);
            }
            left.Store(c, l, i0, 1, j0, 1);
            right.Store(c, l, i0, 1, j0 + Micro, 1);
        }
    }

    // GPU only. Each group stages a Depth-deep slice of a Block-row panel of A and a Block-column panel of B in
    // shared memory, then every thread reads its 4 × 4 block from there: each global element is loaded once per
    // group instead of once per thread. Thread (ty, tx) owns rows ty + 16r and columns tx + 16c, so a warp reads
    // consecutive shared words of B and one broadcast word of A. Staging walks each operand along whichever of its
    // axes is contiguous in memory (coalesced for every form), and rows padded to Lead words keep those stores free
    // of bank conflicts. Loads past K are zeroed (they would add to the sum); loads past M or N are clamped and
    // their results dropped when storing.
    [KernelEntry(GpuOnly = true)]
    internal static void TiledProductKernel(ArrayView<float> a, ArrayView<float> b, ArrayView<float> c, ProductLayout l)
    {
        var aTile = SharedMemory.Allocate<float>(Depth * Lead);
        var bTile = SharedMemory.Allocate<float>(Depth * Lead);
        int lane = Group.IdxX, tx = lane % Side, ty = lane / Side;
        int aAlongK = l.ACol == 1 ? 1 : 0, bAlongK = l.BRow == 1 ? 1 : 0;
        int blocksN = (l.N + Block - 1) / Block, blocks = (l.M + Block - 1) / Block * blocksN;
        for (int block = Grid.IdxX; block < blocks; block += Grid.DimX)
        {
            int i0 = block / blocksN * Block, j0 = block % blocksN * Block;
            var tile = new MicroTile();
            for (int k0 = 0; k0 < l.K; k0 += Depth)
            {
                for (int e = lane; e < Depth * Block; e += Side * Side)
                {
                    int p = aAlongK * (e % Depth) + (1 - aAlongK) * (e / Block);
                    int row = aAlongK * (e / Depth) + (1 - aAlongK) * (e % Block);
                    aTile[p * Lead + row] = LoadPastKAsZero(a, l.A(Math.Min(i0 + row, l.M - 1), Math.Min(k0 + p, l.K - 1)), k0 + p, l.K);
                    int q = bAlongK * (e % Depth) + (1 - bAlongK) * (e / Block);
                    int col = bAlongK * (e / Depth) + (1 - bAlongK) * (e % Block);
                    bTile[q * Lead + col] = LoadPastKAsZero(b, l.B(Math.Min(k0 + q, l.K - 1), Math.Min(j0 + col, l.N - 1)), k0 + q, l.K);
                }
                Group.Barrier();
                for (int p = 0; p < Depth; p++)
                {
                    int ap = p * Lead + ty, bp = p * Lead + tx;
                    tile.Add(aTile[ap], aTile[ap + Side], aTile[ap + 2 * Side], aTile[ap + 3 * Side],
                        bTile[bp], bTile[bp + Side], bTile[bp + 2 * Side], bTile[bp + 3 * Side]);
                }
                Group.Barrier();
            }
            tile.Store(c, l, i0 + ty, Side, j0 + tx, Side);
        }
    }

    private static float LoadPastKAsZero(ArrayView<float> x, long index, int p, int k) => x[index] * (p < k ? 1 : 0);
}
