using ClusterGcn.Engine.Cli;

namespace ClusterGcn.Engine.Tests.Cli;

public sealed class CliTests
{
    [Test]
    public void Unknown_verb_is_one_line_and_exit_2()
    {
        var (code, stdout, stderr) = Run("frobnicate");
        Assert.That(code, Is.EqualTo(2));
        Assert.That(stderr.TrimEnd().Split('\n'), Has.Length.EqualTo(1));
        Assert.That(stderr, Does.StartWith("error: frobnicate: unknown verb"));
        Assert.That(stdout, Is.Empty);
    }

    // A graph too large for the memory the process may use is a one-line error, not a stack trace. The limit is set
    // for a separate process (the GC's hard limit), which must run out while generating a 4M-node mesh.
    [Test]
    public void Running_out_of_memory_is_one_line_and_exit_2()
    {
        var start = new System.Diagnostics.ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "cgcn.dll"), "partition", "--generate", "mesh2d-2000", "--parts", "2"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["DOTNET_GCHeapHardLimit"] = "0x4000000" }, // 64 MB
        };
        using var process = System.Diagnostics.Process.Start(start)!;
        string stderr = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();

        Assert.That(process.ExitCode, Is.EqualTo(2), stderr);
        Assert.That(stderr.TrimEnd().Split('\n'), Has.Length.EqualTo(1), stderr);
        Assert.That(stderr, Does.StartWith("error: out of memory: the input needs more than the 64 MB this process may use"));
    }

    [Test]
    public void A_failure_inside_a_parallel_loop_is_reported_as_what_the_loop_threw()
    {
        var bad = new InvalidDataException("g.graph: line 3: 'x' is not a non-negative integer.");
        Assert.That(CliMain.Expected(new AggregateException(new AggregateException(bad), new IOException("later"))), Is.SameAs(bad));
        Assert.That(CliMain.Expected(new AggregateException(new OutOfMemoryException())), Is.InstanceOf<OutOfMemoryException>());
        Assert.That(CliMain.Expected(new AggregateException(new NullReferenceException())), Is.Null, "a bug keeps its stack trace");
        Assert.That(CliMain.Expected(new InvalidOperationException()), Is.Null);
    }

    internal static (int Code, string Stdout, string Stderr) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = CliMain.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
