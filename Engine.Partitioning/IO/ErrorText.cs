using System.Globalization;
using System.Text;

namespace ClusterGcn.Engine.Partitioning.IO;

/// <summary>Text taken from a damaged file, made fit for a one-line error: control characters (a line break, a NUL)
/// become escapes, and long text is cut, so the message stays one readable line whatever the file held.</summary>
public static class ErrorText
{
    private const int MaxLength = 160;

    /// <summary><paramref name="text"/> with control characters escaped (\n, \r, \t, \xNN), cut after 160 characters.</summary>
    public static string Quote(string text)
    {
        var quoted = new StringBuilder(Math.Min(text.Length, MaxLength) + 8);
        foreach (char c in text)
        {
            if (quoted.Length >= MaxLength)
            {
                quoted.Append("...");
                break;
            }
            if (c == '\n') quoted.Append("\\n");
            else if (c == '\r') quoted.Append("\\r");
            else if (c == '\t') quoted.Append("\\t");
            else if (char.IsControl(c)) quoted.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
            else quoted.Append(c);
        }
        return quoted.ToString();
    }
}
