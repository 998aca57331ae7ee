using ClusterGcn.Engine.Tests.Support;

namespace ClusterGcn.Engine.Tests.Kernels;

/// <summary>The mask is a function of (seed, index) alone, so a model trained on one backend and resumed on
/// another drops the same units. Builds both CPU backends side by side rather than one per fixture.</summary>
public sealed class DropoutAcrossBackendsTests
{
    private TestBackend? simd, ilgpu;

    [OneTimeSetUp]
    public void OpenBoth() => (simd, ilgpu) = (TestBackend.Open("simd"), TestBackend.Open("ilgpu-cpu"));

    [OneTimeTearDown]
    public void CloseBoth()
    {
        simd?.Dispose();
        ilgpu?.Dispose();
    }

    [Test]
    public void Simd_and_ilgpu_cpu_masks_are_bit_identical([Values(1, 33, 4099)] int length, [Values(0.2f, 0.5f)] float p)
    {
        const ulong seed = 0xD20F;
        double[] x = Reference.Uniform(length, seed: 1, lo: 0.5, hi: 1.5); // never 0, so y = 0 means dropped

        float[] MaskedOutput(TestBackend device)
        {
            try
            {
                var y = device.Zeros(1, length).Data;
                device.Kernels.Dropout(device.Vector(x), y, p, seed);
                return device.Download(y);
            }
            finally
            {
                device.ReleaseBuffers();
            }
        }

        float[] fromSimd = MaskedOutput(simd!), fromIlgpu = MaskedOutput(ilgpu!);

        Assert.That(Array.ConvertAll(fromIlgpu, v => v != 0), Is.EqualTo(Array.ConvertAll(fromSimd, v => v != 0)));
        GradCheck.AssertClose(fromIlgpu, Array.ConvertAll(fromSimd, v => (double)v), rtol: 1e-6, atol: 0, what: "kept values");
    }
}
