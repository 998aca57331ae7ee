namespace ClusterGcn.Engine.Core.Reporting;

/// <summary>An 8-bit-per-channel colour.</summary>
/// <param name="R">Red.</param>
/// <param name="G">Green.</param>
/// <param name="B">Blue.</param>
public readonly record struct Rgb(byte R, byte G, byte B);
