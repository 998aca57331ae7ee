using ClusterGcn.Engine.Core.Autograd;
using ClusterGcn.Engine.Core.Devices;
using ClusterGcn.Engine.Core.Optim;
using ClusterGcn.Engine.Tests.Autograd;

namespace ClusterGcn.Engine.Tests.Devices;

public sealed class ComputeDeviceTests
{
    [TestCase("cpu", "simd")]
    [TestCase("ILGPU-CPU", "ilgpu")]
    public void Cpu_kinds_open_with_their_backend(string kind, string backend)
    {
        using var device = ComputeDevice.Open(kind);
        Assert.That(device.Kind, Is.EqualTo(kind.ToLowerInvariant()));
        Assert.That(device.Kernels.Name, Does.StartWith(backend));
        Assert.That(device.Name, Is.Not.Empty);
        Assert.That(device.Accelerator, Is.SameAs(device.Kernels.Accelerator));
    }

    [Test]
    public void Missing_cuda_is_a_one_line_device_unavailable_error()
    {
        Assume.That(ComputeDevice.Discover().Any(d => d.Kind == "cuda"), Is.False, "this machine has a CUDA device");
        var error = Assert.Throws<DeviceUnavailableException>(() => ComputeDevice.Open("cuda"))!;
        Assert.That(error.Message, Does.StartWith("--device cuda: no CUDA device found"));
        Assert.That(error.Message, Does.Not.Contain('\n'));
    }

    [Test]
    public void Auto_without_a_gpu_resolves_to_cpu()
    {
        Assume.That(ComputeDevice.Discover().Any(d => d.Kind is "cuda" or "opencl"), Is.False, "this machine has a GPU");
        using var device = ComputeDevice.Open("auto");
        Assert.That(device.Kind, Is.EqualTo("cpu"));
    }

    [Test]
    public void Unknown_kind_is_a_one_line_argument_error_listing_the_kinds()
    {
        var error = Assert.Throws<ArgumentException>(() => ComputeDevice.Open("tpu"))!;
        Assert.That(error.Message, Does.StartWith("--device tpu: unknown device; valid kinds are auto, cuda, opencl, cpu, ilgpu-cpu."));
        Assert.That(error.Message, Does.Not.Contain('\n'));
    }

    [Test]
    public void Discover_lists_both_cpu_kinds_with_a_name_and_memory()
    {
        var found = ComputeDevice.Discover();
        Assert.That(found.Select(d => d.Kind), Does.Contain("cpu").And.Contain("ilgpu-cpu"));
        foreach (var d in found) Assert.That(d.Name.Length > 0 && d.MemoryBytes > 0, $"{d} has a name and memory");
    }

    [Test]
    public void A_second_identical_training_step_allocates_nothing_new()
    {
        using var device = ComputeDevice.Open("cpu");
        using var problem = new SageComposite(device);
        var parameters = problem.Upload(SageComposite.InitialParameters());
        using var adam = new Adam(parameters);
        try
        {
            Step();
            long afterFirst = device.BufferAllocations;
            Step();
            Assert.That(device.BufferAllocations, Is.EqualTo(afterFirst));
        }
        finally
        {
            foreach (var p in parameters) p.Dispose();
        }

        void Step()
        {
            using var scope = device.BeginScope();
            adam.ZeroGrad();
            Tape.Backward(problem.Loss(parameters));
            adam.Step();
            Assert.That(scope.Count, Is.GreaterThan(10), "the step's intermediates belong to the scope");
        }
    }

    [Test]
    public void Tensors_of_an_ended_scope_are_released_and_scopes_end_innermost_first()
    {
        using var device = ComputeDevice.Open("cpu");
        var outer = device.BeginScope();
        var kept = device.Zeros(2, 3);
        var inner = device.BeginScope();
        var released = device.Zeros(2, 3);
        Assert.That(() => outer.Dispose(), Throws.InvalidOperationException);
        inner.Dispose();
        Assert.That(() => released.View, Throws.InstanceOf<ObjectDisposedException>());
        Assert.That(kept.ToHost(), Is.All.EqualTo(0f));
        long allocations = device.BufferAllocations;
        using (device.BeginScope()) device.Zeros(2, 3);
        Assert.That(device.BufferAllocations, Is.EqualTo(allocations), "a released buffer is reused");
        outer.Dispose();
    }
}
