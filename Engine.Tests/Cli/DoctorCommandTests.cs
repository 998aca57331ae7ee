using System.Text.Json;

namespace ClusterGcn.Engine.Tests.Cli;

public sealed class DoctorCommandTests
{
    [Test]
    public void Doctor_checks_both_cpu_devices_and_writes_json()
    {
        string json = Path.Combine(Path.GetTempPath(), $"doctor-{Guid.NewGuid():N}.json");
        try
        {
            var (code, stdout, stderr) = CliTests.Run("doctor", "--scale", "0.02", "--json", json);
            Assert.That(stderr, Is.Empty);
            Assert.That(code, Is.EqualTo(0), stdout);
            Assert.That(stdout, Does.Contain("cpu").And.Contain("ilgpu-cpu").And.Contain("all ops agree on 2 device(s)"));
            using var report = JsonDocument.Parse(File.ReadAllText(json));
            var kinds = report.RootElement.EnumerateArray().Select(d => d.GetProperty("kind").GetString()).ToList();
            Assert.That(kinds, Is.EquivalentTo(new[] { "cpu", "ilgpu-cpu" }));
            Assert.That(report.RootElement[1].GetProperty("results").GetArrayLength(), Is.GreaterThan(25));
        }
        finally
        {
            File.Delete(json);
        }
    }

    [TestCase("--scale", "0", "outside")]
    [TestCase("--scale", "abc", "not a number")]
    [TestCase("--bogus", "1", "unknown option --bogus")]
    public void Bad_options_are_one_line_and_exit_2(string option, string value, string fragment)
    {
        var (code, _, stderr) = CliTests.Run("doctor", option, value);
        Assert.That(code, Is.EqualTo(2));
        Assert.That(stderr.TrimEnd().Split('\n'), Has.Length.EqualTo(1));
        Assert.That(stderr, Does.StartWith("error: doctor:").And.Contain(fragment));
    }
}
