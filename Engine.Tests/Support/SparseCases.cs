namespace ClusterGcn.Engine.Tests.Support;

/// <summary>A named sparse matrix for parameterised tests; the name is what the test runner shows.</summary>
public sealed record SparseCase(string Name, HostCsr Matrix)
{
    /// <summary>The shapes every sparse op is tested on: a hub row with an empty row, a regular grid, a path, and
    /// random rectangular matrices taller and wider than square (with empty rows and a hub row of their own).
    /// Every one carries values, for the weighted SpMM; mean aggregation ignores them.</summary>
    public static readonly SparseCase[] All =
    [
        Weighted("star40+isolated", GraphFactories.StarWithIsolatedNode(leaves: 40), seed: 1),
        Weighted("grid3x4", GraphFactories.Grid(3, 4), seed: 2),
        Weighted("path5", GraphFactories.Path(5), seed: 3),
        new("random23x17", GraphFactories.RandomRectangular(rows: 23, cols: 17, seed: 4)),
        new("random9x30", GraphFactories.RandomRectangular(rows: 9, cols: 30, seed: 5)),
    ];

    /// <inheritdoc />
    public override string ToString() => Name;

    private static SparseCase Weighted(string name, HostCsr structure, ulong seed) =>
        new(name, structure.WithValues(Reference.Uniform(structure.NonZeros, seed)));
}
