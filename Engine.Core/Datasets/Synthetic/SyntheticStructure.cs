using ClusterGcn.Engine.Partitioning.Generators;
using ClusterGcn.Engine.Partitioning.Graphs;
using ClusterGcn.Engine.Partitioning.Randomness;

namespace ClusterGcn.Engine.Core.Datasets.Synthetic;

/// <summary>Everything of a synthetic dataset but its features: the graph, each node's class (that of its SBM
/// community), and the train/validation/test split.</summary>
internal sealed class SyntheticStructure
{
    private const ulong GraphStream = 1, SplitStream = 2;

    private SyntheticStructure(CsrGraph graph, int[] classes, byte[] role) => (Graph, Classes, Role) = (graph, classes, role);

    /// <summary>Undirected, both directions stored, sorted rows, no self-loops or duplicates.</summary>
    public CsrGraph Graph { get; }

    /// <summary>The class of every node.</summary>
    public int[] Classes { get; }

    /// <summary>Every node's role: <see cref="Train"/>, <see cref="Validation"/> or <see cref="Test"/>.</summary>
    public byte[] Role { get; }

    /// <summary>Values of <see cref="Role"/>.</summary>
    public const byte Train = 0, Validation = 1, Test = 2;

    /// <summary>The 0/1 mask of the nodes whose role is <paramref name="role"/>.</summary>
    public byte[] Mask(byte role) => Array.ConvertAll(Role, r => r == role ? (byte)1 : (byte)0);

    /// <summary>Number of nodes with role <paramref name="role"/>.</summary>
    public int Count(byte role) => Role.AsSpan().Count(role);

    /// <summary>The counts of the dataset this structure belongs to.</summary>
    public SyntheticCounts Counts(SyntheticPreset preset) =>
        new(Graph.NodeCount, Graph.EntryCount, preset.Features, preset.Classes, Count(Train), Count(Validation), Count(Test));

    public static SyntheticStructure Create(SyntheticPreset preset, ulong seed, int threads)
    {
        preset.Validate();
        var spec = new SbmSpec(preset.Nodes, preset.Edges, preset.Communities, InsideFraction: preset.InsideFraction);
        var sbm = PowerLawSbm.Generate(spec, SplitMix64.Derive(seed, GraphStream), threads);
        var classes = Array.ConvertAll(sbm.Community, preset.ClassOf);
        return new SyntheticStructure(sbm.Graph, classes, Roles(preset.Nodes, SplitMix64.Derive(seed, SplitStream)));
    }

    // Exact counts (not a coin per node), so the fractions are the preset's to within one node.
    private static byte[] Roles(int n, ulong seed)
    {
        int train = (int)Math.Round(n * SyntheticPreset.TrainFraction), validation = (int)Math.Round(n * SyntheticPreset.ValidationFraction);
        var order = new SplitMix64(seed).Permutation(n);
        var role = new byte[n];
        for (int i = 0; i < n; i++) role[order[i]] = i < train ? Train : i < train + validation ? Validation : Test;
        return role;
    }
}
