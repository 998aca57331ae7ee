using ClusterGcn.Engine.Core.Devices;
using ClusterGcn.Engine.Core.Models;

namespace ClusterGcn.Engine.Core.Checkpoints;

/// <summary>Moves weights between a <see cref="GnnModel"/> and checkpoint tensors. The model keeps weights [in, out]
/// (it computes x·W) and biases [1, out]; a checkpoint holds them as PyTorch does, weights [out, in] and biases [out],
/// so weights are transposed on the way in and out.</summary>
public static class ModelWeights
{
    /// <summary>The model's current parameters as checkpoint tensors (copied from the device).</summary>
    public static NamedTensor[] Of(GnnModel model) => FromSnapshot(model, model.Snapshot());

    /// <summary>Parameters kept with <see cref="GnnModel.Snapshot"/> (e.g. the best validation epoch's) as checkpoint tensors.</summary>
    /// <exception cref="ArgumentException">The snapshot does not have one array of the right length per parameter.</exception>
    public static NamedTensor[] FromSnapshot(GnnModel model, IReadOnlyList<float[]> snapshot)
    {
        var parameters = model.Parameters;
        if (snapshot.Count != parameters.Count)
            throw new ArgumentException($"weights: {snapshot.Count} arrays for {parameters.Count} parameters.", nameof(snapshot));
        var tensors = new NamedTensor[parameters.Count];
        for (int i = 0; i < tensors.Length; i++)
        {
            var (name, value) = (parameters[i].Name, parameters[i].Value);
            if (snapshot[i].Length != value.Length)
                throw new ArgumentException($"weights: {name} needs {value.Length} values, the snapshot has {snapshot[i].Length}.", nameof(snapshot));
            tensors[i] = parameters[i].IsWeight
                ? new NamedTensor(name, [value.Cols, value.Rows], Transpose(snapshot[i], value.Rows, value.Cols))
                : new NamedTensor(name, [value.Cols], snapshot[i]); // a bias, [1, out]
        }
        return tensors;
    }

    /// <summary>Builds the model <paramref name="checkpoint"/> describes on <paramref name="device"/>, with its weights.</summary>
    public static GnnModel Build(Checkpoint checkpoint, ComputeDevice device) => Build(checkpoint, device, checkpoint.Config.Model);

    /// <summary>Builds a model of <paramref name="spec"/> on <paramref name="device"/> with the weights of the layers it
    /// shares with <paramref name="checkpoint"/> by name: the checkpoint's own spec, or a truncation of it (fewer layers,
    /// the last one's output the hidden width) that computes hidden representations.</summary>
    public static GnnModel Build(Checkpoint checkpoint, ComputeDevice device, ModelSpec spec)
    {
        var model = new GnnModel(device, spec, seed: 0); // the seeded initial weights are overwritten at once
        try
        {
            model.Restore([.. model.Parameters.Select(p =>
            {
                float[] data = checkpoint[p.Name].Data.ToArray();
                return p.IsWeight ? Transpose(data, p.Value.Cols, p.Value.Rows) : data;
            })]);
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    // [rows, cols] row-major → [cols, rows] row-major.
    private static float[] Transpose(float[] data, int rows, int cols)
    {
        var result = new float[data.Length];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++)
                result[c * rows + r] = data[r * cols + c];
        return result;
    }
}
