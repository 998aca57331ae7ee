using ClusterGcn.Engine.Partitioning.IO;

namespace ClusterGcn.Engine.Cli.Commands;

/// <summary><c>cgcn predict</c>: writes a saved model's prediction for every node of a dataset (and optionally the
/// probabilities and the embeddings) as NumPy <c>.npy</c> files.</summary>
public static class PredictCommand
{
    private const string Help = """
        usage: cgcn predict --model M [--dataset PATH | --synthetic PRESET] --out PREDS.npy [--probabilities P.npy]
                            [--embeddings E.npy] [--device KIND]

        Loads the model M and the dataset as 'cgcn evaluate' does, runs full-neighbourhood inference and writes, for
        every node in dataset order, as NumPy .npy files (atomically):

          --out FILE            the prediction: int32 [N] classes, or for a multi-label model uint8 [N, C] 0/1 labels (required)
          --probabilities FILE  float32 [N, C]: softmax probabilities, or per-label sigmoid probabilities for multi-label
          --embeddings FILE     float32 [N, H]: the input of the output layer (the last hidden representation)

          --model M             the model, with or without the .json/.safetensors extension (required)
          --dataset PATH        a dataset directory or file any reader accepts
          --synthetic PRESET    the built-in synthetic graph 'cgcn train' uses: tiny, small, medium, reddit or products;
                                without --dataset: medium
          --store DIR           where the processed store of --dataset lives (default: processed/ next to it)
          --device KIND         auto (default), cuda, opencl, cpu or ilgpu-cpu
        """;

    /// <summary>Runs the verb.</summary>
    public static int Run(IReadOnlyList<string> args, TextWriter stdout)
    {
        var line = CommandLine.Parse("predict", args, ["model", "out", "probabilities", "embeddings", .. EvaluateCommand.DataOptions], []);
        if (line.HelpRequested) { stdout.WriteLine(Help); return 0; }
        string model = EvaluateCommand.Required(line, "predict", "model"), output = EvaluateCommand.Required(line, "predict", "out");
        string? probabilitiesFile = line.String("probabilities"), embeddingsFile = line.String("embeddings");

        using var predictor = EvaluateCommand.Open(stdout, line, "predict", model);
        var spec = predictor.Config.Model;
        if (embeddingsFile is not null && spec.Layers < 2)
            throw new UserError($"predict: --embeddings: a {predictor.Config.Summary} model has no hidden layer.");
        int n = predictor.Dataset.NodeCount, c = spec.Classes;
        var predictions = predictor.Predict([.. Enumerable.Range(0, n)]);

        if (spec.MultiLabel)
        {
            byte[] labels = Array.ConvertAll(predictions.Probabilities, p => p >= 0.5f ? (byte)1 : (byte)0);
            Write<byte>(output, labels, n, c);
        }
        else
            Write<int>(output, predictions.Classes, n);
        stdout.WriteLine($"wrote {output}: {(spec.MultiLabel ? $"uint8 [{n}, {c}] labels" : $"int32 [{n}] classes")}");
        if (probabilitiesFile is not null)
        {
            Write<float>(probabilitiesFile, predictions.Probabilities, n, c);
            stdout.WriteLine($"wrote {probabilitiesFile}: float32 [{n}, {c}] probabilities");
        }
        if (embeddingsFile is not null)
        {
            Write(embeddingsFile, predictor.Embeddings(), n, spec.Hidden);
            stdout.WriteLine($"wrote {embeddingsFile}: float32 [{n}, {spec.Hidden}] embeddings");
        }
        return 0;
    }

    private static void Write<T>(string path, ReadOnlyMemory<T> data, params long[] shape) where T : unmanaged =>
        AtomicWrite.File(path, stream => NpyWriter.Write(stream, data.Span, shape));
}
