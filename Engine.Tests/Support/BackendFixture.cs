using ClusterGcn.Engine.Kernels;

namespace ClusterGcn.Engine.Tests.Support;

/// <summary>Base of every kernel test class: the class runs once per backend of <see cref="TestBackend.Names"/>
/// ("simd", "ilgpu-cpu", and the GPU ones when CGCN_TEST_GPU=1), on its own context and accelerator.</summary>
/// <remarks>ILGPU's CPU accelerator is a scalar GPU simulator, so tests keep sizes small (≲ 50K elements) for it.</remarks>
[TestFixtureSource(typeof(TestBackend), nameof(TestBackend.Names))]
public abstract class BackendFixture(string backendName)
{
    private TestBackend? device;

    /// <summary>The backend's name as listed in <see cref="TestBackend.Names"/>.</summary>
    protected string BackendName => backendName;

    /// <summary>The backend with its upload and download helpers.</summary>
    protected TestBackend Device => device ?? throw new InvalidOperationException("fixture not set up.");

    /// <summary>The ops under test.</summary>
    protected KernelBackend Kernels => Device.Kernels;

    /// <summary>Checks that a backward op adds into its gradient buffer instead of overwriting it: runs it once on
    /// zeros and once on a random pre-filled buffer, and expects prefill + the first result.</summary>
    /// <param name="length">Length of the gradient buffer.</param>
    /// <param name="runOnPrefilled">Uploads the given initial gradient, runs the backward op into it, returns the result.</param>
    protected static void AssertBackwardAccumulates(int length, Func<double[], float[]> runOnPrefilled)
    {
        float[] fresh = runOnPrefilled(new double[length]);
        double[] prefill = Reference.Float32(Reference.Uniform(length, seed: 0xACC, lo: -3, hi: 3));
        float[] added = runOnPrefilled(prefill);
        var expected = new double[length];
        for (int i = 0; i < length; i++) expected[i] = prefill[i] + fresh[i];
        GradCheck.AssertClose(added, expected, rtol: 1e-6, atol: 1e-6, what: "gradient after adding into a pre-filled buffer");
    }

    /// <summary>Creates the context, accelerator and backend once for the class.</summary>
    [OneTimeSetUp]
    public void OpenBackend() => device = TestBackend.Open(backendName);

    /// <summary>Frees the buffers a test uploaded, so one test's memory never reaches the next.</summary>
    [TearDown]
    public void ReleaseBuffers() => device?.ReleaseBuffers();

    /// <summary>Disposes the backend, accelerator and context.</summary>
    [OneTimeTearDown]
    public void CloseBackend() => device?.Dispose();
}
