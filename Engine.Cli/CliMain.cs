using ClusterGcn.Engine.Cli.Commands;
using ClusterGcn.Engine.Core.Devices;

namespace ClusterGcn.Engine.Cli;

/// <summary>The <c>cgcn</c> verbs. The only place that prints to the console or turns failures into exit codes.</summary>
public static class CliMain
{
    /// <summary>Exit code of expected failures: bad options, bad input files, a missing device.</summary>
    public const int UserErrorExit = 2;

    private const string Usage = """
        usage: cgcn <verb> [options]

        verbs:
          doctor    list compute devices and check every op on each against the SIMD CPU backend
          info      read a dataset (building its processed store); report counts, degrees, features, labels, split, memory
          generate  write a seeded synthetic dataset (tiny, small, medium, reddit, products) as .npy files
          partition partition a METIS graph file or a generated graph into k blocks; report cut, balance, time, memory
          train     train a GraphSAGE or GCN model with Cluster-GCN; report accuracy, time and memory
          evaluate  score a saved model on a dataset's train, validation and test nodes
          predict   write a saved model's predictions (and embeddings) for every node as .npy files

        Run 'cgcn <verb> --help' for a verb's options.
        """;

    /// <summary>Runs one command line and returns the process exit code.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            stdout.WriteLine(Usage);
            return args.Length == 0 ? UserErrorExit : 0;
        }
        try
        {
            return args[0] switch
            {
                "doctor" => DoctorCommand.Run(args[1..], stdout),
                "info" => InfoCommand.Run(args[1..], stdout),
                "generate" => GenerateCommand.Run(args[1..], stdout),
                "partition" => PartitionCommand.Run(args[1..], stdout),
                "train" => TrainCommand.Run(args[1..], stdout, stderr),
                "evaluate" => EvaluateCommand.Run(args[1..], stdout),
                "predict" => PredictCommand.Run(args[1..], stdout),
                _ => throw new UserError($"{args[0]}: unknown verb (try 'cgcn --help')."),
            };
        }
        catch (Exception e) when (Expected(e) is { } expected)
        {
            stderr.WriteLine($"error: {UserMessage(expected)}");
            return UserErrorExit;
        }
    }

    // .NET appends " (Parameter 'name')" to argument exceptions: the name of a C# parameter means nothing to a user.
    private static string UserMessage(Exception e) => e switch
    {
        ArgumentException { ParamName: { } name } => e.Message.Replace($" (Parameter '{name}')", "", StringComparison.Ordinal),
        OutOfMemoryException => $"out of memory: the input needs more than the {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1 << 20):N0} MB " +
            $"this process may use (peak working set {ProcessMemory.PeakWorkingSetMB():N0} MB).",
        _ => e.Message,
    };

    /// <summary>The exception a user should read for <paramref name="e"/>, or null when <paramref name="e"/> is a bug
    /// (which keeps its stack trace). Library code throws the expected ones with one-line messages naming the file or
    /// operand, and an input too large for the machine runs out of memory. Parallel loops wrap what their bodies throw
    /// in an <see cref="AggregateException"/> (memory runs out inside one as often as not): its first inner exception
    /// stands for it.</summary>
    internal static Exception? Expected(Exception e)
    {
        while (e is AggregateException { InnerExceptions: [var first, ..] }) e = first;
        return e is UserError or DeviceUnavailableException or ArgumentException or InvalidDataException or IOException or UnauthorizedAccessException
            or OutOfMemoryException ? e : null;
    }
}
