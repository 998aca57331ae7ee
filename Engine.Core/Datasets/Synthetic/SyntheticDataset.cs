namespace ClusterGcn.Engine.Core.Datasets.Synthetic;

/// <summary>Seeded synthetic node-classification datasets (<see cref="SyntheticPreset"/>): a degree-corrected
/// stochastic block model with power-law degrees whose classes are made of several communities, noisy
/// class-correlated features (<see cref="FeatureModel"/>) and a random 66/10/24 train/validation/test split. The same
/// preset and seed give the same data, on any thread count, in memory or on disk.</summary>
/// <remarks>The features are tuned so that the graph matters: a node's own features give its class poorly, the mean
/// over its neighbourhood gives it well (<see cref="CentroidProbe"/> measures both; docs/generator.md has the numbers).</remarks>
public static class SyntheticDataset
{
    /// <summary>Writes the dataset of <paramref name="preset"/> and <paramref name="seed"/> to
    /// <paramref name="outDir"/> as <c>.npy</c> files (<c>edge_index</c>, <c>x</c>, <c>y</c>, the three masks) and a
    /// <c>meta.json</c>, atomically and in memory bounded by the graph's CSR; the directory is created if missing.</summary>
    /// <param name="preset">What to generate.</param>
    /// <param name="seed">Seed of every random choice.</param>
    /// <param name="outDir">The directory to write; files of the same names in it are replaced.</param>
    /// <param name="threads">Worker threads, 0 = one per core; never changes a byte of the result.</param>
    /// <returns>What was written.</returns>
    /// <exception cref="IOException">The directory cannot be created or written.</exception>
    /// <exception cref="UnauthorizedAccessException">The directory is not writable.</exception>
    public static SyntheticCounts Write(SyntheticPreset preset, ulong seed, string outDir, int threads = 0)
    {
        var structure = SyntheticStructure.Create(preset, seed, threads);
        NpyLayoutWriter.Write(outDir, preset, seed, structure, new FeatureModel(preset, seed, structure.Classes), threads);
        return structure.Counts(preset);
    }

    /// <summary>The dataset of <paramref name="preset"/> and <paramref name="seed"/> in managed arrays: the same data
    /// <see cref="Write"/> stores.</summary>
    /// <param name="preset">What to generate.</param>
    /// <param name="seed">Seed of every random choice.</param>
    /// <param name="threads">Worker threads, 0 = one per core; never changes the result.</param>
    public static NodeDataset Create(SyntheticPreset preset, ulong seed, int threads = 0)
    {
        var structure = SyntheticStructure.Create(preset, seed, threads);
        var model = new FeatureModel(preset, seed, structure.Classes);
        var features = new float[(long)preset.Nodes * preset.Features];
        model.FillParallel(0, features, threads);
        var graph = structure.Graph;
        var rowPtr = new long[graph.NodeCount + 1];
        for (int u = 0; u <= graph.NodeCount; u++) rowPtr[u] = graph.RowPtr[u];
        var split = new NodeSplit(
            HostArray<byte>.Wrap(structure.Mask(SyntheticStructure.Train)),
            HostArray<byte>.Wrap(structure.Mask(SyntheticStructure.Validation)),
            HostArray<byte>.Wrap(structure.Mask(SyntheticStructure.Test)));
        return new NodeDataset(preset.Name, HostArray<long>.Wrap(rowPtr), HostArray<int>.Wrap(graph.ColIdx.ToArray()),
            HostArray<float>.Wrap(features), preset.Features, NodeLabels.Single(HostArray<int>.Wrap(structure.Classes), preset.Classes), split);
    }
}
