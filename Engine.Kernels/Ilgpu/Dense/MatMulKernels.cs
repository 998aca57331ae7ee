using System.Runtime.CompilerServices;
using ClusterGcn.Engine.Kernels.Ilgpu.Reduction;
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

    /// <summary>op(A) as its rows, packed in panels of <paramref name="width"/> rows.</summary>
    public PanelLayout PanelsOfA(int width) => new(M, K, width, ARow, ACol);

    /// <summary>op(B) as its columns, packed in panels of <paramref name="width"/> columns.</summary>
    public PanelLayout PanelsOfB(int width) => new(N, K, width, BCol, BRow);
}

/// <summary>A matrix operand seen as <see cref="Lines"/> lines of length K (rows of op(A) or columns of op(B)):
/// line q holds x[q·LineStride + p·Step] for p &lt; K. Packed, it becomes panels of <see cref="Width"/> lines; a panel
/// is a sequence of quad groups, group g holding, line after line, the line's values at p = 4g … 4g + 3 as one
/// <see cref="Float4"/>. Lines past the last and steps past K are zeros, so the product needs no clamping.</summary>
internal readonly struct PanelLayout(int lines, int k, int width, long lineStride, long step)
{
    /// <summary>Inner-product steps per packed <see cref="Float4"/>.</summary>
    public const int Quad = 4;

    public readonly int Lines = lines, K = k, Width = width;
    public readonly long LineStride = lineStride, Step = step;

    public int Panels => (Lines + Width - 1) / Width;

    /// <summary>Quad groups per panel: K rounded up to whole quads.</summary>
    public int Groups => GroupsOf(K);

    public static int GroupsOf(int k) => (k + Quad - 1) / Quad;

    /// <summary>Quads of the packed operand.</summary>
    public long Quads => (long)Panels * Groups * Width;
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

    /// <summary>Four steps of the inner product at once: x.Rr holds row r of the block at those steps, y.Rc column c.
    /// Each accumulator is read and written once per four steps, which matters on the CPU accelerator: the bounds
    /// checks in a kernel's loop may call, and across calls the JIT keeps every accumulator in memory, not in a
    /// register.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(Float4x4 x, Float4x4 y)
    {
        c00 += Dot(x.R0, y.R0); c01 += Dot(x.R0, y.R1); c02 += Dot(x.R0, y.R2); c03 += Dot(x.R0, y.R3);
        c10 += Dot(x.R1, y.R0); c11 += Dot(x.R1, y.R1); c12 += Dot(x.R1, y.R2); c13 += Dot(x.R1, y.R3);
        c20 += Dot(x.R2, y.R0); c21 += Dot(x.R2, y.R1); c22 += Dot(x.R2, y.R2); c23 += Dot(x.R2, y.R3);
        c30 += Dot(x.R3, y.R0); c31 += Dot(x.R3, y.R1); c32 += Dot(x.R3, y.R2); c33 += Dot(x.R3, y.R3);
    }

    /// <summary>Writes the block, dropping the rows and columns outside C (edge tiles compute them from padding or clamped loads).</summary>
    /// <remarks>Inlined, with its helpers, into the CPU accelerator's optimised kernel: called once per tile and
    /// thread, a separate method stays in unoptimised tier-0 code for the first launches.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void Store(ArrayView<float> c, ProductLayout l, int i0, int rowStep, int j0, int colStep)
    {
        StoreRow(c, l, i0, j0, colStep, c00, c01, c02, c03);
        StoreRow(c, l, i0 + rowStep, j0, colStep, c10, c11, c12, c13);
        StoreRow(c, l, i0 + 2 * rowStep, j0, colStep, c20, c21, c22, c23);
        StoreRow(c, l, i0 + 3 * rowStep, j0, colStep, c30, c31, c32, c33);
    }

    private static float Dot(Float4 x, Float4 y) => x.X * y.X + x.Y * y.Y + x.Z * y.Z + x.W * y.W;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
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
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(ArrayView<float> c, ProductLayout l, long row, int j, float value)
    {
        if (j >= l.N) return;
        if (l.Accumulate != 0) c[row + j] += value;
        else c[row + j] = value;
    }
}

/// <summary>C = op(A)·op(B) for the three forms a linear layer needs (its forward and both of its gradients). On
/// the CPU accelerator the operands are first packed into panels, then each thread accumulates 4 × 4 blocks of C;
/// GPUs get a shared-memory tiled variant that reads the operands in place.</summary>
internal sealed class MatMulKernels
{
    /// <summary>Rows and columns of C per micro-tile: 16 accumulators, the best portable shape measured
    /// (ilgpu-notes §3.3, variant d).</summary>
    private const int Micro = 4;

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
    private readonly ScratchBuffer<float> scratch;
    private readonly Action<KernelConfig, Partition, ArrayView<float>, ArrayView<Float4>, PanelLayout> pack;
    private readonly Action<KernelConfig, Partition, ArrayView<Float4x4>, ArrayView<Float4x4>, ArrayView<float>, ProductLayout> packed;
    private readonly Action<KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<float>, ProductLayout> tiled;

    /// <summary>Compiles the kernels; <paramref name="scratch"/> receives the packed operands.</summary>
    public MatMulKernels(Accelerator accelerator, ScratchBuffer<float> scratch)
    {
        this.accelerator = accelerator;
        this.scratch = scratch;
        pack = accelerator.LoadStreamKernel<Partition, ArrayView<float>, ArrayView<Float4>, PanelLayout>(PackKernel);
        packed = accelerator.LoadStreamKernel<Partition, ArrayView<Float4x4>, ArrayView<Float4x4>, ArrayView<float>, ProductLayout>(ProductKernel);
        tiled = accelerator.LoadStreamKernel<ArrayView<float>, ArrayView<float>, ArrayView<float>, ProductLayout>(TiledProductKernel);
    }

    /// <summary>Threads per group of the tiled variant: accelerators with fewer cannot run it.</summary>
    public static int TiledGroupSize => Side * Side;

    /// <summary>The tiled variant on GPUs; on the CPU accelerator its barriers and per-group shared memory cost
    /// OS-level synchronisation and allocations (ilgpu-notes §3.5), so the packed kernels run there.</summary>
    public void Product(MatMulForm form, DenseView a, DenseView b, DenseView c, int m, int k, int n, bool accumulate)
    {
        if (accelerator.AcceleratorType == AcceleratorType.CPU) ProductPortable(form, a, b, c, m, k, n, accumulate);
        else ProductTiled(form, a, b, c, m, k, n, accumulate);
    }

    /// <summary>Packs op(A) into panels of 4 rows and op(B) into panels of 4 columns (see <see cref="PanelLayout"/>),
    /// then multiplies the panels. Packing reads each operand once, O(mk + kn) next to the product's 2mkn, and buys an
    /// inner loop that reads four steps of a row or column with one bounds check and never clamps: edges are handled
    /// only when storing C. Four steps of a 4 × 4 tile cost two bounds-checked reads (one <see cref="Float4x4"/> each
    /// of A and B) for 64 products; a 4 × 8 tile sharing A's read (three reads per 128) took 12% more CPU time, its
    /// 32 accumulators spilling more than 16 do (the JIT keeps them in memory either way: every read may call
    /// Trace.Fail, and the ABI saves no SSE register across a call).</summary>
    public void ProductPortable(MatMulForm form, DenseView a, DenseView b, DenseView c, int m, int k, int n, bool accumulate)
    {
        var l = ProductLayout.Of(form, m, k, n, accumulate);
        PanelLayout aPanels = l.PanelsOfA(Micro), bPanels = l.PanelsOfB(Micro);
        long bStart = (aPanels.Quads + 3) / 4 * 4; // B's panels start on a cache line too (4 quads = 64 bytes)
        var space = scratch.Get(PanelLayout.Quad * (bStart + bPanels.Quads)).Cast<Float4>();
        ArrayView<Float4> aPacked = space.SubView(0, aPanels.Quads), bPacked = space.SubView(bStart, bPanels.Quads);
        Pack(a.Data, aPacked, aPanels);
        Pack(b.Data, bPacked, bPanels);
        var launch = LaunchPolicy.For(accelerator, (long)aPanels.Panels * bPanels.Panels);
        packed(launch.Config, launch.Work, aPacked.Cast<Float4x4>(), bPacked.Cast<Float4x4>(), c.Data, l);
    }

    public void ProductTiled(MatMulForm form, DenseView a, DenseView b, DenseView c, int m, int k, int n, bool accumulate)
    {
        long blocks = (long)((m + Block - 1) / Block) * ((n + Block - 1) / Block);
        tiled(LaunchPolicy.ForGroups(accelerator, blocks, TiledGroupSize), a.Data, b.Data, c.Data, ProductLayout.Of(form, m, k, n, accumulate));
    }

    private void Pack(ArrayView<float> x, ArrayView<Float4> target, PanelLayout panels)
    {
        var launch = LaunchPolicy.For(accelerator, panels.Quads);
        pack(launch.Config, launch.Work, x, target, panels);
    }

    // Item e writes packed quad e, so each thread writes one contiguous run of the packed operand. Optimised at once
    // for the reason given at ProductKernel.
    [KernelEntry]
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    internal static void PackKernel(Partition work, ArrayView<float> x, ArrayView<Float4> packed, PanelLayout s)
    {
        var range = work.ForThisThread();
        for (long e = range.Start; e < range.End; e += range.Step)
        {
            long lineGroup = e / s.Width;
            int q = (int)(lineGroup / s.Groups) * s.Width + (int)(e % s.Width), p = (int)(lineGroup % s.Groups) * PanelLayout.Quad;
            packed[e] = new Float4 { X = Value(x, s, q, p), Y = Value(x, s, q, p + 1), Z = Value(x, s, q, p + 2), W = Value(x, s, q, p + 3) };
        }
    }

    private static float Value(ArrayView<float> x, PanelLayout s, int q, int p) =>
        q < s.Lines && p < s.K ? x[q * s.LineStride + p * s.Step] : 0f;

    // Tiles are numbered with the column tile fastest, so a thread's contiguous chunk reuses one panel of A (in cache)
    // across consecutive tiles. Rows and columns of the padded panels past M or N are computed as zeros and dropped
    // when storing. On the CPU accelerator each thread enters the kernel once per launch, so tiered compilation would
    // leave it in its unoptimised or on-stack-replacement version: it is optimised at once instead, and kept out of
    // ILGPU's launcher, where the JIT's inlining budget would run out and leave the indexers and Store as calls into
    // tier-0 code.
    [KernelEntry]
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    internal static void ProductKernel(Partition work, ArrayView<Float4x4> a, ArrayView<Float4x4> b, ArrayView<float> c, ProductLayout l)
    {
        var range = work.ForThisThread();
        int tilesN = (l.N + Micro - 1) / Micro, groups = PanelLayout.GroupsOf(l.K);
        for (long t = range.Start; t < range.End; t += range.Step)
        {
            int rowPanel = (int)(t / tilesN), colPanel = (int)(t % tilesN);
            long ap = (long)rowPanel * groups, bp = (long)colPanel * groups;
            var tile = new MicroTile();
            for (int g = 0; g < groups; g++, ap++, bp++) tile.Add(a[ap], b[bp]);
            tile.Store(c, l, rowPanel * Micro, 1, colPanel * Micro, 1);
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
