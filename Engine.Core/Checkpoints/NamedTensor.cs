namespace ClusterGcn.Engine.Core.Checkpoints;

/// <summary>A float32 tensor with the name PyTorch gives it in a state dict (<c>convs.0.lin_l.weight</c>), its shape
/// and its elements in row-major (C) order, as a checkpoint stores it.</summary>
public sealed class NamedTensor
{
    /// <summary>Names <paramref name="data"/>, whose length must be the product of <paramref name="shape"/>.</summary>
    /// <exception cref="ArgumentException">An empty name, a negative dimension, or a length that does not fit the shape.</exception>
    public NamedTensor(string name, IReadOnlyList<int> shape, ReadOnlyMemory<float> data)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(shape);
        if (name.Length == 0) throw new ArgumentException("tensor: the name is empty.", nameof(name));
        long count = 1;
        foreach (int dim in shape)
        {
            if (dim < 0) throw new ArgumentException($"tensor '{name}': negative dimension in shape {Describe(shape)}.", nameof(shape));
            count *= dim;
        }
        if (count != data.Length)
            throw new ArgumentException($"tensor '{name}': shape {Describe(shape)} holds {count} elements but the data has {data.Length}.", nameof(data));
        (Name, Shape, Data) = (name, [.. shape], data);
    }

    /// <summary>The state-dict key.</summary>
    public string Name { get; }

    /// <summary>The dimensions, outermost first: [out, in] for a <c>torch.nn.Linear</c> weight.</summary>
    public IReadOnlyList<int> Shape { get; }

    /// <summary>The elements, row-major.</summary>
    public ReadOnlyMemory<float> Data { get; }

    /// <summary>The shape as PyTorch prints it, e.g. <c>[41, 128]</c>.</summary>
    public string ShapeText => Describe(Shape);

    /// <summary>Formats a shape as <c>[d0, d1, ...]</c>.</summary>
    public static string Describe(IEnumerable<long> shape) => $"[{string.Join(", ", shape)}]";

    private static string Describe(IEnumerable<int> shape) => Describe(shape.Select(d => (long)d));
}
