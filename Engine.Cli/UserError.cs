namespace ClusterGcn.Engine.Cli;

/// <summary>An expected failure of the command line (bad option, missing file): printed as one line, exit code 2.</summary>
public sealed class UserError(string message) : Exception(message);
