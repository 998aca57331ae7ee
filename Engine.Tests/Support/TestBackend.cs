using ClusterGcn.Engine.Kernels;
using ClusterGcn.Engine.Kernels.Ilgpu;
using ClusterGcn.Engine.Kernels.Simd;
using ClusterGcn.Engine.Kernels.Sparse;
using ILGPU;
using ILGPU.Runtime;

namespace ClusterGcn.Engine.Tests.Support;

/// <summary>One backend under test with its own ILGPU context and accelerator, plus the host ↔ device helpers the
/// kernel tests share. Every buffer it hands out is owned here and freed by <see cref="ReleaseBuffers"/>.</summary>
public sealed class TestBackend : IDisposable
{
    /// <summary>The backends every kernel test runs on: the two that need no GPU always; CUDA and OpenCL only when
    /// CGCN_TEST_GPU=1, so machines without a GPU (CI) list no skipped tests at all.</summary>
    public static IEnumerable<string> Names()
    {
        yield return "simd";
        yield return "ilgpu-cpu";
        if (Environment.GetEnvironmentVariable("CGCN_TEST_GPU") != "1") yield break;
        yield return "ilgpu-cuda";
        yield return "ilgpu-opencl";
    }

    private readonly Context context;
    private readonly List<IDisposable> owned = [];

    private TestBackend(Context context, Accelerator accelerator, KernelBackend kernels) =>
        (this.context, Accelerator, Kernels) = (context, accelerator, kernels);

    /// <summary>The accelerator that owns every buffer of this backend.</summary>
    public Accelerator Accelerator { get; }

    /// <summary>The ops under test.</summary>
    public KernelBackend Kernels { get; }

    /// <summary>Creates the named backend (one of <see cref="Names"/>) on a fresh context; a GPU backend whose device
    /// is missing ignores the calling test or fixture.</summary>
    public static TestBackend Open(string name)
    {
        var context = Accelerators.CreateContext();
        try
        {
            Accelerator accelerator = name switch
            {
                "simd" or "ilgpu-cpu" => Accelerators.CreateCpu(context),
                "ilgpu-cuda" => GpuAccelerator(context, AcceleratorType.Cuda),
                "ilgpu-opencl" => GpuAccelerator(context, AcceleratorType.OpenCL),
                _ => throw new ArgumentException($"test backend: unknown name '{name}'.", nameof(name)),
            };
            KernelBackend kernels = name == "simd" ? new SimdBackend(accelerator) : new IlgpuBackend(accelerator);
            return new TestBackend(context, accelerator, kernels);
        }
        catch
        {
            context.Dispose();
            throw;
        }
    }

    private static Accelerator GpuAccelerator(Context context, AcceleratorType type)
    {
        Device? device = context.Devices.FirstOrDefault(d => d.AcceleratorType == type);
        if (device is null) Assert.Ignore($"CGCN_TEST_GPU=1 but this machine has no {type} device.");
        return device!.CreateAccelerator(context);
    }

    // ---- uploads: each returns a view of exactly the data's length (an empty one included) --------------------

    /// <summary>Uploads <paramref name="data"/> rounded to float as a rows × cols matrix.</summary>
    public DenseView Matrix(double[] data, int rows, int cols) => new(Vector(data), rows, cols);

    /// <summary>A rows × cols matrix of zeros.</summary>
    public DenseView Zeros(int rows, int cols) => new(Vector(new double[(long)rows * cols]), rows, cols);

    /// <summary>Uploads <paramref name="data"/> rounded to float.</summary>
    public ArrayView<float> Vector(double[] data) => Vector(Array.ConvertAll(data, v => (float)v));

    /// <summary>Uploads <paramref name="data"/> as is.</summary>
    public ArrayView<float> Vector(float[] data) => Own(DeviceBuffers.Upload<float>(Accelerator, data)).View.SubView(0, data.Length);

    /// <summary>Uploads ints (labels, masks, counts).</summary>
    public ArrayView<int> Ints(int[] data) => Own(DeviceBuffers.Upload<int>(Accelerator, data)).View.SubView(0, data.Length);

    /// <summary>Uploads a sparse matrix, with its values (rounded to float) when it has them.</summary>
    public DeviceCsr Csr(HostCsr a, bool withTranspose = true) =>
        Own(DeviceCsr.Create(Accelerator, a.RowPtr, a.ColIdx, a.Cols,
            a.Values is null ? null : Array.ConvertAll(a.Values, v => (float)v), withTranspose));

    /// <summary>Uploads row ids checked against <paramref name="bound"/>.</summary>
    public DeviceIndex Index(int[] ids, int bound) => Own(DeviceIndex.Create(Accelerator, ids, bound));

    /// <summary>Takes ownership of <paramref name="resource"/> until <see cref="ReleaseBuffers"/>.</summary>
    public T Own<T>(T resource) where T : IDisposable
    {
        owned.Add(resource);
        return resource;
    }

    // ---- downloads: each waits for the issued ops first (GPU kernels run asynchronously) -----------------------

    /// <summary>The matrix's elements, row-major.</summary>
    public float[] Download(DenseView view) => Download(view.Data);

    /// <summary>The view's elements.</summary>
    public float[] Download(ArrayView<float> view)
    {
        Kernels.Synchronize();
        return DeviceBuffers.ToHost(view);
    }

    /// <summary>The view's elements.</summary>
    public int[] Download(ArrayView<int> view)
    {
        Kernels.Synchronize();
        return DeviceBuffers.ToHost(view);
    }

    /// <summary>Frees every buffer handed out so far (called after each test).</summary>
    public void ReleaseBuffers()
    {
        Kernels.Synchronize();
        foreach (var resource in owned) resource.Dispose();
        owned.Clear();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        ReleaseBuffers();
        Kernels.Dispose();
        Accelerator.Dispose();
        context.Dispose();
    }
}
