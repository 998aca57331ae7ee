namespace ClusterGcn.Engine.Core.Datasets.Synthetic;

/// <summary>What a synthetic dataset holds, as written to its <c>meta.json</c>.</summary>
/// <param name="Nodes">Number of nodes N.</param>
/// <param name="Edges">Stored (directed) edges E: each undirected edge twice.</param>
/// <param name="Features">Feature width F.</param>
/// <param name="Classes">Number of classes C.</param>
/// <param name="Train">Training nodes.</param>
/// <param name="Validation">Validation nodes.</param>
/// <param name="Test">Test nodes.</param>
public sealed record SyntheticCounts(int Nodes, long Edges, int Features, int Classes, int Train, int Validation, int Test);
