using System.Numerics;
using System.Runtime.InteropServices;

namespace ClusterGcn.Engine.Core.Datasets.Synthetic;

/// <summary>Test accuracies of the nearest-class-centroid classifier (centroids = means over training nodes), on each
/// node's own features and on the mean of its neighbourhood's (its neighbours and itself).</summary>
/// <param name="FeatureAccuracy">On a node's own features: a stand-in for what an MLP can reach.</param>
/// <param name="NeighbourhoodAccuracy">On neighbourhood means: a stand-in for one mean-aggregation layer (GraphSAGE).</param>
/// <param name="EdgeHomophily">Fraction of stored edges whose two ends are labelled with the same class.</param>
public sealed record CentroidProbeResult(double FeatureAccuracy, double NeighbourhoodAccuracy, double EdgeHomophily);

/// <summary>A quick, training-free check that a dataset's graph matters: if averaging over neighbourhoods lifts the
/// nearest-class-centroid accuracy well above what the features alone give, a GNN has something to learn that an MLP
/// cannot. Used to tune and test the synthetic presets.</summary>
public static class CentroidProbe
{
    /// <summary>Measures both accuracies on the test nodes of <paramref name="data"/>, on up to
    /// <paramref name="threads"/> threads (0 = one per core).</summary>
    /// <exception cref="ArgumentException">The labels are multi-label, or there are no training or no test nodes.</exception>
    public static CentroidProbeResult Measure(NodeDataset data, int threads = 0)
    {
        var labels = data.Labels.Classes ?? throw new ArgumentException($"{data.Name}: the centroid probe needs single-label data.", nameof(data));
        int[] train = NodeSplit.Nodes(data.Split.Train), test = NodeSplit.Nodes(data.Split.Test);
        if (train.Length == 0 || test.Length == 0) throw new ArgumentException($"{data.Name}: the centroid probe needs training and test nodes.", nameof(data));
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = threads > 0 ? threads : Environment.ProcessorCount };
        double Accuracy(Row row)
        {
            var centroids = Centroids(data, labels, train, row, parallel);
            int correct = 0;
            Parallel.For(0, test.Length, parallel, () => (Count: 0, Buffer: new float[data.FeatureCount]),
                (i, _, local) =>
                {
                    int node = test[i];
                    if (Nearest(centroids, row(data, node, local.Buffer), data.FeatureCount) == labels[node]) local.Count++;
                    return local;
                },
                local => Interlocked.Add(ref correct, local.Count));
            return (double)correct / test.Length;
        }
        return new CentroidProbeResult(Accuracy(OwnRow), Accuracy(NeighbourhoodMean), EdgeHomophily(data, labels));
    }

    private static double EdgeHomophily(NodeDataset data, HostArray<int> labels)
    {
        long same = 0, labelled = 0;
        for (int u = 0; u < data.NodeCount; u++)
        {
            if (labels[u] < 0) continue;
            foreach (int v in data.Neighbors(u))
            {
                if (labels[v] < 0) continue;
                labelled++;
                if (labels[v] == labels[u]) same++;
            }
        }
        return labelled == 0 ? 0 : (double)same / labelled;
    }

    // The representation of a node the classifier sees: written into the buffer, or a view of the dataset.
    private delegate ReadOnlySpan<float> Row(NodeDataset data, int node, float[] buffer);

    private static ReadOnlySpan<float> OwnRow(NodeDataset data, int node, float[] buffer) => data.FeatureRow(node);

    private static ReadOnlySpan<float> NeighbourhoodMean(NodeDataset data, int node, float[] buffer)
    {
        data.FeatureRow(node).CopyTo(buffer);
        var neighbours = data.Neighbors(node);
        foreach (int u in neighbours) Add(buffer, data.FeatureRow(u));
        float scale = 1f / (neighbours.Length + 1);
        for (int j = 0; j < buffer.Length; j++) buffer[j] *= scale;
        return buffer;
    }

    // [C, F] class means over the training nodes, followed by C entries of −|c|²/2 for the nearest-centroid scores.
    private static float[] Centroids(NodeDataset data, HostArray<int> labels, int[] train, Row row, ParallelOptions parallel)
    {
        int f = data.FeatureCount, c = data.Labels.ClassCount;
        var sums = new double[c * f];
        var counts = new long[c];
        Parallel.For(0, train.Length, parallel, () => (Sums: new double[c * f], Counts: new long[c], Buffer: new float[f]),
            (i, _, local) =>
            {
                int label = labels[train[i]];
                if (label < 0) return local;
                var features = row(data, train[i], local.Buffer);
                var sum = local.Sums.AsSpan(label * f, f);
                for (int j = 0; j < f; j++) sum[j] += features[j];
                local.Counts[label]++;
                return local;
            },
            local =>
            {
                lock (sums)
                {
                    for (int j = 0; j < sums.Length; j++) sums[j] += local.Sums[j];
                    for (int k = 0; k < c; k++) counts[k] += local.Counts[k];
                }
            });
        var centroids = new float[c * f + c];
        for (int k = 0; k < c; k++)
        {
            double squares = 0;
            for (int j = 0; j < f; j++)
            {
                double mean = counts[k] == 0 ? 0 : sums[k * f + j] / counts[k];
                centroids[k * f + j] = (float)mean;
                squares += mean * mean;
            }
            // A class with no training node can never be predicted.
            centroids[c * f + k] = counts[k] == 0 ? float.NegativeInfinity : (float)(-squares / 2);
        }
        return centroids;
    }

    // argmin |x − c_k|² = argmax x·c_k − |c_k|²/2.
    private static int Nearest(float[] centroids, ReadOnlySpan<float> x, int f)
    {
        int classes = centroids.Length / (f + 1), best = 0;
        float bestScore = float.NegativeInfinity;
        for (int k = 0; k < classes; k++)
        {
            float score = Dot(x, centroids.AsSpan(k * f, f)) + centroids[classes * f + k];
            if (score > bestScore) (best, bestScore) = (k, score);
        }
        return best;
    }

    private static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var va = MemoryMarshal.Cast<float, Vector<float>>(a);
        var vb = MemoryMarshal.Cast<float, Vector<float>>(b);
        var sum = Vector<float>.Zero;
        for (int i = 0; i < va.Length; i++) sum += va[i] * vb[i];
        float total = Vector.Sum(sum);
        for (int j = va.Length * Vector<float>.Count; j < a.Length; j++) total += a[j] * b[j];
        return total;
    }

    private static void Add(Span<float> sum, ReadOnlySpan<float> x)
    {
        var vs = MemoryMarshal.Cast<float, Vector<float>>(sum);
        var vx = MemoryMarshal.Cast<float, Vector<float>>(x);
        for (int i = 0; i < vs.Length; i++) vs[i] += vx[i];
        for (int j = vs.Length * Vector<float>.Count; j < sum.Length; j++) sum[j] += x[j];
    }
}
