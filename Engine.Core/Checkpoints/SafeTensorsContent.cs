namespace ClusterGcn.Engine.Core.Checkpoints;

/// <summary>What a safetensors file holds: its tensors converted to float32, in the order of their data, the free-form
/// <c>__metadata__</c> strings, and the SHA-256 of the data section (everything after the header).</summary>
/// <param name="Tensors">The tensors in file order (ascending data offsets).</param>
/// <param name="Metadata">The <c>__metadata__</c> map; empty when the file has none.</param>
/// <param name="DataSha256">Lower-case hex SHA-256 of the stored tensor bytes, as <see cref="SafeTensorsFile.Write"/> returns it.</param>
public sealed record SafeTensorsContent(IReadOnlyList<NamedTensor> Tensors, IReadOnlyDictionary<string, string> Metadata, string DataSha256);
