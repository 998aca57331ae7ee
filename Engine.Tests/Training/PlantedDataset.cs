using ClusterGcn.Engine.Core.Datasets;
using ClusterGcn.Engine.Partitioning.Randomness;
using ClusterGcn.Engine.Tests.Support;

namespace ClusterGcn.Engine.Tests.Training;

/// <summary>Small in-memory datasets a model can learn: a planted partition whose groups are the classes (group g has
/// class g mod C), features = the class's random ±1 centroid scaled by <c>signal</c> plus uniform noise, so that
/// averaging over neighbours (mostly of the same group) recovers the class better than a node's own features do.
/// Split: 50% train, 20% validation, 30% test by a seeded draw; every 10th node is unlabeled.</summary>
internal static class PlantedDataset
{
    public static NodeDataset Create(int groups = 8, int groupSize = 60, int classes = 4, int features = 16, float signal = 0.5f,
        ulong seed = 1, bool multiLabel = false)
    {
        var graph = GraphFactories.PlantedPartition(groups, groupSize, inside: 6, outside: 1, seed);
        int n = graph.NodeCount;
        var rng = new SplitMix64(seed ^ 0xDA7A);
        var centroids = new float[classes * features];
        for (int i = 0; i < centroids.Length; i++) centroids[i] = rng.NextInt(2) == 0 ? -1f : 1f;
        var x = new float[n * features];
        var labels = new int[n];
        var multiHot = new byte[n * classes];
        var (train, validation, test) = (new byte[n], new byte[n], new byte[n]);
        for (int u = 0; u < n; u++)
        {
            int c = u / groupSize % classes;
            for (int f = 0; f < features; f++) x[u * features + f] = signal * centroids[c * features + f] + (float)(2 * rng.NextDouble() - 1);
            labels[u] = u % 10 == 9 ? -1 : c;
            multiHot[u * classes + c] = 1;
            multiHot[u * classes + (c + 1) % classes] = (byte)(u % 2);
            double draw = rng.NextDouble();
            (draw < 0.5 ? train : draw < 0.7 ? validation : test)[u] = 1;
        }
        var rowPtr = Array.ConvertAll(graph.RowPtr.ToArray(), v => (long)v);
        var nodeLabels = multiLabel ? NodeLabels.Multi(HostArray<byte>.Wrap(multiHot), classes) : NodeLabels.Single(HostArray<int>.Wrap(labels), classes);
        return new NodeDataset("planted", HostArray<long>.Wrap(rowPtr), HostArray<int>.Wrap(graph.ColIdx.ToArray()),
            HostArray<float>.Wrap(x), features, nodeLabels,
            new NodeSplit(HostArray<byte>.Wrap(train), HostArray<byte>.Wrap(validation), HostArray<byte>.Wrap(test)));
    }
}
