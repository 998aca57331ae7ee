using System.Reflection;
using ClusterGcn.Engine.Kernels.Ilgpu;
using ILGPU;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.OpenCL;
using ILGPU.Backends.PTX;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;
using ILGPU.Runtime.OpenCL;

namespace ClusterGcn.Engine.Tests.Kernels.Ilgpu;

/// <summary>Compiles every kernel of the ILGPU backend offline, to PTX for the H100/H200 (SM 9.0, ISA 8.8) and to
/// OpenCL C, so a construct a GPU backend cannot compile fails here, on a machine with no GPU and no OpenCL device.</summary>
public sealed class KernelCompilationTests
{
    /// <summary>Kernels that must be found: discovery by attribute could otherwise pass silently on an empty list.</summary>
    private static readonly string[] KnownKernels =
    [
        "MatMulKernels.PackKernel", "MatMulKernels.ProductKernel", "MatMulKernels.TiledProductKernel", "BiasKernels.ForwardKernel", "BiasKernels.BackwardKernel",
        "AddKernels.ForwardKernel", "AddKernels.BackwardKernel",
        "LayerNormKernels.ForwardKernel", "LayerNormKernels.BackwardKernel", "LayerNormKernels.AffineBackwardKernel", "ReluKernels.ForwardKernel", "ReluKernels.BackwardKernel",
        "DropoutKernels.ForwardKernel", "DropoutKernels.BackwardKernel",
        "MeanAggregateKernels.ForwardKernel", "MeanAggregateKernels.BackwardKernel",
        "SpmmKernels.ForwardKernel", "SpmmKernels.BackwardKernel", "RowKernels.ForwardKernel", "RowKernels.BackwardKernel",
        "LogSoftmaxNllKernels.LogSoftmaxKernel", "LogSoftmaxNllKernels.ForwardKernel", "LogSoftmaxNllKernels.BackwardKernel",
        "SigmoidBceKernels.ForwardKernel", "SigmoidBceKernels.BackwardKernel",
        "ArgmaxKernels.ArgmaxKernel", "ArgmaxKernels.CountCorrectKernel", "MultiLabelKernels.CountsKernel",
        "SumKernels.PartialKernel", "SumKernels.ReduceKernel", "SumKernels.TotalKernel", "SumKernels.MeanKernel",
        "SumKernels.CountsKernel", "AdamKernels.StepKernel",
    ];

    private static readonly Dictionary<string, MethodInfo> Entries = typeof(IlgpuBackend).Assembly.GetTypes()
        .SelectMany(type => type.GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
        .Where(method => method.IsDefined(typeof(KernelEntryAttribute)))
        .ToDictionary(method => $"{method.DeclaringType!.Name}.{method.Name}");

    private Context? context;

    /// <summary>One test case per discovered kernel entry point.</summary>
    public static IEnumerable<string> KernelNames() => Entries.Keys.Order(StringComparer.Ordinal);

    /// <summary>A context that knows the CUDA and OpenCL intrinsics; it needs no device of either kind.</summary>
    [OneTimeSetUp]
    public void CreateContext() =>
        context = Context.Create(builder => builder.Cuda().OpenCL().EnableAlgorithms().Optimize(OptimizationLevel.O2));

    /// <summary>Disposes the context.</summary>
    [OneTimeTearDown]
    public void DisposeContext() => context?.Dispose();

    /// <summary>Every kernel the backend launches is marked, and nothing marked is unknown to this list.</summary>
    [Test]
    public void Discovery_finds_exactly_the_known_kernels() =>
        Assert.That(Entries.Keys, Is.EquivalentTo(KnownKernels));

    /// <summary>The kernel compiles to PTX; a portable kernel uses no barrier (it must run on the CPU accelerator
    /// cheaply), a GPU-only one does (else it should be portable).</summary>
    [TestCaseSource(nameof(KernelNames))]
    public void Compiles_to_ptx(string kernel)
    {
        using var backend = new PTXBackend(context!, new CudaCapabilityContext(CudaArchitecture.SM_90),
            CudaArchitecture.SM_90, CudaInstructionSet.ISA_88, null);
        var compiled = (PTXCompiledKernel)backend.Compile(EntryPoint(kernel), new KernelSpecialization());
        Assert.That(compiled.PTXAssembly, Does.Contain(".entry"));
        Assert.That(compiled.PTXAssembly.Contains("bar.sync", StringComparison.Ordinal), Is.EqualTo(IsGpuOnly(kernel)));
    }

    /// <summary>The kernel compiles to OpenCL C; barriers as for PTX.</summary>
    [TestCaseSource(nameof(KernelNames))]
    public void Compiles_to_opencl_c(string kernel)
    {
        using var backend = new CLBackend(context!, FullCapabilities(), CLDeviceVendor.Other, CLCVersion.CL20);
        var compiled = (CLCompiledKernel)backend.Compile(EntryPoint(kernel), new KernelSpecialization());
        Assert.That(compiled.Source, Does.Contain("kernel"));
        Assert.That(compiled.Source.Contains("barrier", StringComparison.Ordinal), Is.EqualTo(IsGpuOnly(kernel)));
    }

    private static bool IsGpuOnly(string kernel) => Entries[kernel].GetCustomAttribute<KernelEntryAttribute>()!.GpuOnly;

    private static EntryPointDescription EntryPoint(string kernel) =>
        EntryPointDescription.FromExplicitlyGroupedKernel(Entries[kernel]);

    /// <summary>The capabilities of an OpenCL 2.0 device with every extension ILGPU knows. Built by reflection because
    /// the constructor is internal, and not taken from an enumerated device: PoCL here lacks the generic address
    /// space ILGPU requires (ilgpu-notes §6), and CI machines may have no OpenCL device at all.</summary>
    private static CLCapabilityContext FullCapabilities()
    {
        var constructor = typeof(CLCapabilityContext)
            .GetConstructors(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public)
            .Single(c => c.GetParameters().Length > 0 && c.GetParameters().All(p => p.ParameterType == typeof(bool)));
        var everyFlag = Enumerable.Repeat<object?>(true, constructor.GetParameters().Length).ToArray();
        return (CLCapabilityContext)constructor.Invoke(everyFlag);
    }
}
