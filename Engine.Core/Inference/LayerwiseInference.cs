using ClusterGcn.Engine.Core.Datasets;
using ClusterGcn.Engine.Core.Devices;
using ClusterGcn.Engine.Core.Models;
using ClusterGcn.Engine.Core.Tensors;
using ILGPU.Runtime;

namespace ClusterGcn.Engine.Core.Inference;

/// <summary>Full-neighbourhood inference one layer at a time: layer 1 for every node over every edge, then layer 2,
/// and so on, each in blocks of rows, so the device holds about N × (input + 2·output width) floats and one block's
/// features and edges at a time; never E × F.</summary>
/// <remarks>
/// Per layer: (1) project every node, P = x·W, block by block; (2) for each block of rows, aggregate P over the block's
/// full neighbourhood (the whole graph's adjacency, normalised as the model normalises a batch), add the root term and
/// bias, activate. Input features are read block by block from the dataset (possibly memory-mapped) and never
/// uploaded whole. The result equals a full-graph forward pass without dropout.
/// </remarks>
public static class LayerwiseInference
{
    /// <summary>Rows per block unless told otherwise: a Reddit block's features are then ~20 MB.</summary>
    public const int DefaultBlockRows = 8192;

    /// <summary>The logits [N, C] of every node of <paramref name="dataset"/>, on the model's device; the caller disposes them.</summary>
    /// <exception cref="ArgumentException">The dataset's feature width is not the model's input width.</exception>
    public static Tensor Logits(GnnModel model, NodeDataset dataset, int blockRows = DefaultBlockRows)
    {
        if (dataset.FeatureCount != model.Spec.InputFeatures)
            throw new ArgumentException($"{dataset.Name}: {dataset.FeatureCount} features but the model expects {model.Spec.InputFeatures}.", nameof(dataset));
        ArgumentOutOfRangeException.ThrowIfLessThan(blockRows, 1);
        var device = model.Device;
        int n = dataset.NodeCount;
        var blocks = Blocks(n, blockRows);
        Tensor? h = null;
        try
        {
            for (int l = 0; l < model.Layers.Count; l++)
            {
                var conv = model.Layers[l];
                var input = h;
                Tensor InputRows(int start, int rows) => input is null
                    ? device.FromHost(dataset.Features.Slice((long)start * dataset.FeatureCount, rows * dataset.FeatureCount), rows, dataset.FeatureCount)
                    : CopyRows(input, start, rows);

                using var projected = device.Zeros(n, conv.OutFeatures);
                foreach (var (start, rows) in blocks)
                    using (device.BeginScope())
                        conv.Project(InputRows(start, rows)).View.Data.CopyTo(projected.View.RowRange(start, rows).Data);

                var output = device.Zeros(n, conv.OutFeatures);
                foreach (var (start, rows) in blocks)
                {
                    using var adjacency = BlockAdjacency(model.Spec, dataset, start, rows).Upload(device.Accelerator, withTranspose: false);
                    using (device.BeginScope())
                    {
                        var x = InputRows(start, rows);
                        var result = model.FinishLayer(l, conv.Combine(GraphConv.Aggregate(adjacency, projected), x), x);
                        result.View.Data.CopyTo(output.View.RowRange(start, rows).Data);
                    }
                }
                h?.Dispose();
                h = output;
            }
            return h!;
        }
        catch
        {
            h?.Dispose();
            throw;
        }
    }

    /// <summary>The adjacency of rows start..start+rows over all N columns, as the model aggregates it.</summary>
    private static HostAdjacency BlockAdjacency(ModelSpec spec, NodeDataset dataset, int start, int rows)
    {
        var rowPtr = new int[rows + 1];
        long first = dataset.RowPtr[start];
        for (int i = 1; i <= rows; i++) rowPtr[i] = checked((int)(dataset.RowPtr[start + i] - first));
        int[] colIdx = dataset.ColIdx.Slice(first, rowPtr[rows]).ToArray();
        return HostAdjacency.Prepare(spec, rowPtr, colIdx, dataset.NodeCount, start,
            u => (int)(dataset.RowPtr[u + 1] - dataset.RowPtr[u]));
    }

    private static Tensor CopyRows(Tensor source, int start, int rows)
    {
        var copy = source.Device.Empty(rows, source.Cols, requiresGrad: false);
        source.View.RowRange(start, rows).Data.CopyTo(copy.View.Data);
        return copy;
    }

    private static List<(int Start, int Rows)> Blocks(int n, int blockRows)
    {
        var blocks = new List<(int, int)>();
        for (int start = 0; start < n; start += blockRows) blocks.Add((start, Math.Min(blockRows, n - start)));
        return blocks;
    }
}
