namespace ClusterGcn.Engine.Tests.Datasets;

/// <summary>The real datasets of <c>../shared/datasets</c> (next to the repository; <c>/work/shared/datasets</c> on the
/// team's machines and in CI).</summary>
public static class SharedDatasets
{
    /// <summary>The directory of dataset <paramref name="name"/>; fails the test when it cannot be found.</summary>
    public static string Path(string name)
    {
        foreach (string root in Roots())
        {
            string candidate = System.IO.Path.Combine(root, name);
            if (Directory.Exists(candidate)) return candidate;
        }
        Assert.Fail($"dataset '{name}' not found in ../shared/datasets next to the repository or in /work/shared/datasets.");
        return "";
    }

    private static IEnumerable<string> Roots()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "ClusterGcn.Engine.sln")))
            {
                yield return System.IO.Path.Combine(dir.FullName, "..", "shared", "datasets");
                break;
            }
        yield return "/work/shared/datasets";
    }
}
