using ClusterGcn.Engine.Core.Models;
using ClusterGcn.Engine.Kernels;
using ClusterGcn.Engine.Partitioning.Randomness;
using ClusterGcn.Engine.Tests.Support;

namespace ClusterGcn.Engine.Tests.Models;

/// <summary><see cref="GnnModel"/> written again in float64 with the <see cref="Reference"/> ops, layer by layer as
/// its doc comment states it, always aggregating before projecting (the model may project first: the results agree).
/// An MLP's identity adjacency makes its aggregation a copy.</summary>
internal static class ModelReference
{
    /// <summary>The logits [rows, C] for features <paramref name="x"/> [cols, F], the parameters in the model's order.</summary>
    public static double[] Forward(ModelSpec spec, HostAdjacency adjacency, double[] x, double[][] parameters, bool training, ulong dropoutSeed)
    {
        var a = new HostCsr(adjacency.Cols, adjacency.RowPtr, adjacency.ColIdx,
            adjacency.Values is null ? null : Array.ConvertAll(adjacency.Values, v => (double)v));
        int rows = a.Rows, next = 0;
        int norms = spec.Layers * (spec.Architecture == GnnArchitecture.Sage ? 3 : 2); // the norms follow every convolution's parameters
        double[] h = x;
        for (int l = 0; l < spec.Layers; l++)
        {
            int width = spec.LayerInput(l), outputs = spec.LayerOutput(l);
            var input = training && spec.Dropout > 0 ? Reference.Dropout(h, spec.Dropout, SplitMix64.Derive(dropoutSeed, (ulong)l)) : h;
            var aggregated = a.Values is null ? Reference.MeanAggregate(a, input, width) : Reference.Spmm(a, input, width);
            var output = Reference.MatMul(MatMulForm.AB, aggregated, parameters[next++], rows, width, outputs);
            var bias = parameters[next++];
            if (spec.Architecture == GnnArchitecture.Sage)
                output = Reference.Add(output, Reference.MatMul(MatMulForm.AB, input, parameters[next++], rows, width, outputs));
            output = Reference.AddBias(output, bias, rows, outputs);
            if (l < spec.Layers - 1)
            {
                if (spec.LayerNorm)
                    output = Reference.LayerNorm(output, parameters[norms + 2 * l], parameters[norms + 2 * l + 1], rows, outputs, 1e-5).Y;
                output = Reference.Relu(output);
                if (spec.Residual && width == outputs) output = Reference.Add(output, h);
            }
            h = output;
        }
        return h;
    }
}
