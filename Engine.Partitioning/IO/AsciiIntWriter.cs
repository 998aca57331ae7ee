using System.Text;

namespace ClusterGcn.Engine.Partitioning.IO;

/// <summary>Writes decimal integers and short text to a stream through a large byte buffer, formatting in place:
/// no strings per number, so writing a gigabyte graph costs little more than the disk.</summary>
internal sealed class AsciiIntWriter(Stream stream)
{
    private const int Reserve = 64; // room for any number, separator and line break before a flush is needed

    private readonly byte[] buffer = new byte[1 << 20];
    private int pos;

    /// <summary>Writes <paramref name="separator"/> (unless '\0') and then <paramref name="value"/>.</summary>
    public void Int(long value, char separator = '\0')
    {
        if (pos > buffer.Length - Reserve) Flush();
        if (separator != '\0') buffer[pos++] = (byte)separator;
        value.TryFormat(buffer.AsSpan(pos), out int written, provider: System.Globalization.CultureInfo.InvariantCulture);
        pos += written;
    }

    /// <summary>Writes ASCII <paramref name="text"/> shorter than 64 characters.</summary>
    public void Text(string text)
    {
        if (pos > buffer.Length - Reserve) Flush();
        pos += Encoding.ASCII.GetBytes(text, buffer.AsSpan(pos));
    }

    /// <summary>Writes a line break.</summary>
    public void EndLine()
    {
        if (pos == buffer.Length) Flush();
        buffer[pos++] = (byte)'\n';
    }

    /// <summary>Writes out what is buffered.</summary>
    public void Flush()
    {
        stream.Write(buffer, 0, pos);
        pos = 0;
    }
}
