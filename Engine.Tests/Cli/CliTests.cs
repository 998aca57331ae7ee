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

    internal static (int Code, string Stdout, string Stderr) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = CliMain.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
