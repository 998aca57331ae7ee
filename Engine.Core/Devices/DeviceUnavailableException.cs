namespace ClusterGcn.Engine.Core.Devices;

/// <summary>The device kind the user asked for is not on this machine, or ILGPU cannot use it. The message is one
/// line naming the option, e.g. "--device cuda: no CUDA device found (…)", for the CLI to print unchanged.</summary>
public sealed class DeviceUnavailableException : Exception
{
    /// <summary>Creates the exception with its one-line message.</summary>
    public DeviceUnavailableException(string message) : base(message) { }

    /// <summary>Creates the exception with its one-line message and the ILGPU error that made the device unusable.</summary>
    public DeviceUnavailableException(string message, Exception innerException) : base(message, innerException) { }
}
