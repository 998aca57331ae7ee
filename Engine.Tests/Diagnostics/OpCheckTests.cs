using System.Reflection;
using ClusterGcn.Engine.Core.Diagnostics;
using ClusterGcn.Engine.Kernels;
using ClusterGcn.Engine.Tests.Support;

namespace ClusterGcn.Engine.Tests.Diagnostics;

public sealed class OpCheckTests
{
    [Test]
    public void Ilgpu_kernels_agree_with_simd_on_every_op_and_every_op_is_checked()
    {
        using var simd = TestBackend.Open("simd");
        using var ilgpu = TestBackend.Open("ilgpu-cpu");
        var results = OpCheck.Compare(simd.Kernels, ilgpu.Kernels, scale: 0.02);

        Assert.That(results.Where(r => !r.Agrees).Select(r => $"{r.Op}: {r.MaxRelativeError}"), Is.Empty);
        // The doctor is only worth its exit code if it covers the whole contract: every op of KernelBackend has a case.
        var checkedOps = results.Select(r => Letters(r.Op[..r.Op.LastIndexOf(' ')])).ToList();
        var ops = typeof(KernelBackend).GetMethods(BindingFlags.Instance | BindingFlags.NonPublic)
            .Where(m => m.IsAbstract && m.Name.EndsWith("Core", StringComparison.Ordinal))
            .Select(m => Letters(m.Name[..^"Core".Length]));
        Assert.That(ops.Where(op => !checkedOps.Any(c => c == op || c.StartsWith(op + "ab", StringComparison.Ordinal) || c == op + "atb")),
            Is.Empty, "ops without a doctor case");
    }

    [Test]
    public void A_result_agrees_only_within_its_tolerance_and_never_when_NaN()
    {
        Assert.That(new OpCheckResult("op", 1e-5, 1e-4, 1, 1).Agrees, Is.True);
        Assert.That(new OpCheckResult("op", 2e-4, 1e-4, 1, 1).Agrees, Is.False);
        Assert.That(new OpCheckResult("op", 0, 0, 1, 1).Agrees, Is.True);
        Assert.That(new OpCheckResult("op", double.NaN, 1e-4, 1, 1).Agrees, Is.False);
    }

    private static string Letters(string name) => new(name.Where(char.IsLetter).Select(char.ToLowerInvariant).ToArray());
}
