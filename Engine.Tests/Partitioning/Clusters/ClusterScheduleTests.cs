using ClusterGcn.Engine.Partitioning.Clusters;

namespace ClusterGcn.Engine.Tests.Partitioning.Clusters;

public sealed class ClusterScheduleTests
{
    [TestCase(10, 3)]
    [TestCase(10, 1)]
    [TestCase(10, 10)]
    [TestCase(7, 20)]
    public void An_epoch_uses_every_cluster_once_in_groups_of_q(int k, int q)
    {
        var groups = ClusterSchedule.Groups(k, q, seed: 5, epoch: 2);
        Assert.That(groups.SelectMany(g => g).Order(), Is.EqualTo(Enumerable.Range(0, k)));
        Assert.That(groups.Length, Is.EqualTo((k + q - 1) / q));
        Assert.That(groups[..^1].Select(g => g.Length), Is.All.EqualTo(q));
    }

    [Test]
    public void Same_seed_and_epoch_same_groups_other_epochs_and_seeds_differ()
    {
        int[] Flat(ulong seed, int epoch) => [.. ClusterSchedule.Groups(50, 5, seed, epoch).SelectMany(g => g)];
        Assert.That(Flat(1, 0), Is.EqualTo(Flat(1, 0)));
        Assert.That(Flat(1, 1), Is.Not.EqualTo(Flat(1, 0)));
        Assert.That(Flat(2, 0), Is.Not.EqualTo(Flat(1, 0)));
    }

    [Test]
    public void Q_below_one_is_refused() =>
        Assert.That(() => ClusterSchedule.Groups(5, 0, 1, 0), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("q = 0"));
}
