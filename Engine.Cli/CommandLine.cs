using System.Globalization;

namespace ClusterGcn.Engine.Cli;

/// <summary>The options of one verb: <c>--name value</c> pairs and <c>--flag</c>s, each allowed name declared up
/// front, so a misspelt option is an error rather than silently ignored.</summary>
public sealed class CommandLine
{
    private readonly string verb;
    private readonly Dictionary<string, string?> values = new(StringComparer.Ordinal);

    private CommandLine(string verb) => this.verb = verb;

    /// <summary>Whether <c>--help</c> was given.</summary>
    public bool HelpRequested { get; private set; }

    /// <summary>Parses <paramref name="args"/> (the arguments after the verb).</summary>
    /// <param name="verb">The verb, for error messages.</param>
    /// <param name="args">The arguments after the verb.</param>
    /// <param name="valued">Options that take a value.</param>
    /// <param name="flags">Options that take none.</param>
    /// <exception cref="UserError">An unknown option, a missing value, an option given twice, or a stray argument.</exception>
    public static CommandLine Parse(string verb, IReadOnlyList<string> args, IReadOnlyCollection<string> valued, IReadOnlyCollection<string> flags)
    {
        var line = new CommandLine(verb);
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            if (arg is "--help" or "-h") { line.HelpRequested = true; continue; }
            if (!arg.StartsWith("--", StringComparison.Ordinal))
                throw new UserError($"{verb}: unexpected argument '{arg}' (options start with --).");
            string name = arg[2..];
            string? value = null;
            int eq = name.IndexOf('=');
            if (eq >= 0) (name, value) = (name[..eq], name[(eq + 1)..]);
            if (valued.Contains(name))
            {
                if (value is null)
                {
                    if (i + 1 >= args.Count) throw new UserError($"{verb}: --{name} needs a value.");
                    value = args[++i];
                }
            }
            else if (!flags.Contains(name) || value is not null)
                throw new UserError($"{verb}: unknown option --{name} (try 'cgcn {verb} --help').");
            if (!line.values.TryAdd(name, value)) throw new UserError($"{verb}: --{name} given twice.");
        }
        return line;
    }

    /// <summary>Whether the flag or option was given.</summary>
    public bool Has(string name) => values.ContainsKey(name);

    /// <summary>The option's value, or <paramref name="fallback"/> when absent.</summary>
    public string? String(string name, string? fallback = null) => values.TryGetValue(name, out var v) ? v : fallback;

    /// <summary>The option as an integer within [min, max], or <paramref name="fallback"/>.</summary>
    public int Int(string name, int fallback, int min = int.MinValue, int max = int.MaxValue)
    {
        if (String(name) is not { } text) return fallback;
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value))
            throw new UserError($"{verb}: --{name} '{text}' is not an integer.");
        if (value < min || value > max) throw new UserError($"{verb}: --{name} {value} is outside [{min}, {max}].");
        return value;
    }

    /// <summary>The option as a non-negative 64-bit integer (a seed), or <paramref name="fallback"/>.</summary>
    public ulong ULong(string name, ulong fallback)
    {
        if (String(name) is not { } text) return fallback;
        return ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out ulong value)
            ? value
            : throw new UserError($"{verb}: --{name} '{text}' is not a non-negative integer.");
    }

    /// <summary>The option as a finite number within [min, max], or <paramref name="fallback"/>.</summary>
    public double Double(string name, double fallback, double min = double.MinValue, double max = double.MaxValue)
    {
        if (String(name) is not { } text) return fallback;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
            throw new UserError($"{verb}: --{name} '{text}' is not a number.");
        if (value < min || value > max) throw new UserError($"{verb}: --{name} {value} is outside [{min}, {max}].");
        return value;
    }
}
