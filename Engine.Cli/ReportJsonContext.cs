using System.Text.Json.Serialization;
using ClusterGcn.Engine.Cli.Commands;

namespace ClusterGcn.Engine.Cli;

/// <summary>The types of the <c>--json</c> reports, serialised by generated code (indented, camelCase).</summary>
/// <remarks>Reflection-based serialisation built each report type's metadata and compiled the serializer on its one
/// use per run: ~50 ms and ~5 MB of a 100K-node `cgcn partition --json` that takes 0.28 s without it.</remarks>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(PartitionCommand.Report), TypeInfoPropertyName = "PartitionReport")]
[JsonSerializable(typeof(GenerateCommand.Report), TypeInfoPropertyName = "GenerateReport")]
[JsonSerializable(typeof(List<DoctorCommand.DeviceReport>))]
[JsonSerializable(typeof(TrainCommand.Report), TypeInfoPropertyName = "TrainReport")]
[JsonSerializable(typeof(EvaluateCommand.Report), TypeInfoPropertyName = "EvaluateReport")]
[JsonSerializable(typeof(InfoCommand.Report), TypeInfoPropertyName = "InfoReport")]
internal sealed partial class ReportJsonContext : JsonSerializerContext;
