using ClusterGcn.Engine.Core.Devices;

namespace ClusterGcn.Engine.Tests.Autograd;

/// <summary>Base of the Core test classes that need a <see cref="ComputeDevice"/>: the class runs once per kind of
/// <see cref="Kinds"/>, on a device opened once for the class.</summary>
/// <remarks>"ilgpu-cpu" runs the GPU kernels on ILGPU's CPU accelerator (a slow simulator), so sizes stay tiny.</remarks>
[TestFixtureSource(nameof(Kinds))]
public abstract class DeviceKindFixture(string kind)
{
    private ComputeDevice? device;

    /// <summary>"cpu" and "ilgpu-cpu" always; "cuda" too when CGCN_TEST_GPU=1, as for the kernel tests.</summary>
    public static IEnumerable<string> Kinds()
    {
        yield return "cpu";
        yield return "ilgpu-cpu";
        if (Environment.GetEnvironmentVariable("CGCN_TEST_GPU") == "1") yield return "cuda";
    }

    /// <summary>The device under test.</summary>
    protected ComputeDevice Device => device ?? throw new InvalidOperationException("fixture not set up.");

    /// <summary>Opens the device once for the class.</summary>
    [OneTimeSetUp]
    public void OpenDevice() => device = ComputeDevice.Open(kind);

    /// <summary>Releases the device.</summary>
    [OneTimeTearDown]
    public void CloseDevice() => device?.Dispose();
}
