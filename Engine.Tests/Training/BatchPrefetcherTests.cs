using ClusterGcn.Engine.Core.Training;

namespace ClusterGcn.Engine.Tests.Training;

public sealed class BatchPrefetcherTests
{
    [Test]
    public void Items_come_in_order_built_one_at_a_time_and_one_ahead()
    {
        int running = 0, maxRunning = 0;
        using var secondBuildStarted = new ManualResetEventSlim();
        string Build(int i)
        {
            maxRunning = Math.Max(maxRunning, Interlocked.Increment(ref running));
            if (i == 1) secondBuildStarted.Set();
            Thread.Sleep(2);
            Interlocked.Decrement(ref running);
            return $"batch {i}";
        }
        var items = new List<string>();
        foreach (var item in BatchPrefetcher.Prefetch([0, 1, 2, 3, 4], Build))
        {
            // Holding item 0 must not hold up the build of item 1.
            if (items.Count == 0) Assert.That(secondBuildStarted.Wait(TimeSpan.FromSeconds(10)), Is.True, "item 1 is built while item 0 is in use");
            items.Add(item);
        }
        Assert.That(items, Is.EqualTo(new[] { "batch 0", "batch 1", "batch 2", "batch 3", "batch 4" }));
        Assert.That(maxRunning, Is.EqualTo(1));
    }

    [Test]
    public void A_failed_build_surfaces_at_its_item_and_leaving_early_waits_for_the_build_in_flight()
    {
        Assert.That(() => BatchPrefetcher.Prefetch([1, 2, 3], i => i == 2 ? throw new InvalidDataException("bad batch") : i).ToList(),
            Throws.InstanceOf<InvalidDataException>().With.Message.EqualTo("bad batch"));

        bool finished = false;
        foreach (var _ in BatchPrefetcher.Prefetch([0, 1], i => { if (i == 1) { Thread.Sleep(50); finished = true; } return i; }))
            break;
        Assert.That(finished, Is.True);
    }
}
