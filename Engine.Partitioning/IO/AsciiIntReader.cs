namespace ClusterGcn.Engine.Partitioning.IO;

/// <summary>Reads non-negative decimal integers line by line from a byte stream, the shared tokenizer of the METIS
/// graph and gpmetis partition readers. Bytes are parsed by hand from a large buffer: no strings per token, so a
/// gigabyte file takes seconds. Every error is an <see cref="InvalidDataException"/> naming the file and line.</summary>
/// <remarks><paramref name="bufferSize"/> is for tests: a few bytes put a buffer boundary inside every token.</remarks>
internal sealed class AsciiIntReader(Stream stream, string name, int bufferSize = AsciiIntReader.DefaultBufferSize)
{
    internal const int DefaultBufferSize = 1 << 20;
    private const long MaxValue = 99_999_999_999_999_999; // larger is an error; 10·MaxValue + 9 still fits a long

    private readonly byte[] buffer = new byte[bufferSize];
    private int pos, len;
    private bool endOfStream;

    /// <summary>The 1-based line the next byte belongs to.</summary>
    public long Line { get; private set; } = 1;

    /// <summary>Bytes not yet read, when the stream knows its length.</summary>
    public long? BytesLeft => stream.CanSeek ? stream.Length - stream.Position + (len - pos) : null;

    /// <summary>Comment lines skipped so far.</summary>
    public int Comments { get; private set; }

    /// <summary>Skips lines whose first non-blank character is '%' (METIS comments) and, when
    /// <paramref name="skipBlank"/> is set, lines holding only whitespace. Returns false at the end of the file; otherwise the reader stands on a line with content (or on a
    /// blank line, when blank lines are not skipped).</summary>
    public bool NextLine(bool skipBlank)
    {
        while (pos < len || Fill())
        {
            byte b = buffer[pos];
            if (b is (byte)' ' or (byte)'\t' or (byte)'\r') pos++; // leading blanks mean nothing to the numbers
            else if (b == '%') { SkipLine(); Comments++; }
            else if (b == '\n' && skipBlank) { pos++; Line++; }
            else return true;
        }
        return false;
    }

    /// <summary>Reads the next number on the current line; returns false at the end of the line (or file)
    /// without consuming the line break.</summary>
    public bool TryReadInt(out long value)
    {
        // The hot loop of every reader: buffer, position and length live in locals, and the fields are synced
        // only around a refill, so the JIT keeps them in registers.
        value = 0;
        byte[] buf = buffer;
        int p = pos, end = len;
        byte b;
        while (true)
        {
            if (p == end && !Refill(ref p, ref end)) return false;
            b = buf[p];
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r')) break;
            p++;
        }
        pos = p;
        if (b == '\n') return false;
        if ((uint)(b - '0') > 9) throw BadToken("");
        long v = 0;
        while (true)
        {
            if (p == end && !Refill(ref p, ref end)) break;
            uint digit = (uint)(buf[p] - '0');
            if (digit > 9) break;
            v = v * 10 + digit;
            p++;
            if (v > MaxValue) { pos = p; throw Error($"number {v}... is too large."); }
        }
        pos = p;
        if (p < end && buf[p] is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')) throw BadToken(v.ToString(System.Globalization.CultureInfo.InvariantCulture));
        value = v;
        return true;
    }

    private bool Refill(ref int p, ref int end)
    {
        pos = p;
        bool more = Fill();
        (p, end) = (pos, len);
        return more;
    }

    /// <summary>Consumes the rest of the current line, which must hold nothing but whitespace.</summary>
    public void EndLine(string extraWhat)
    {
        if (TryReadInt(out long extra)) throw Error($"unexpected {extraWhat} {extra}.");
        if (pos < len) { pos++; Line++; } // the '\n' TryReadInt stopped at; at the end of the file there is none
    }

    /// <summary>A one-line error naming the file and the current line.</summary>
    public InvalidDataException Error(string problem) => new($"{name}: line {Line}: {problem}");

    // The rest of the offending token, after the digits already read, for the message.
    private InvalidDataException BadToken(string digitsRead)
    {
        var token = new System.Text.StringBuilder(digitsRead);
        while (token.Length < 24 && (pos < len || Fill()) && buffer[pos] is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
            token.Append((char)buffer[pos++]);
        return Error($"'{ErrorText.Quote(token.ToString())}' is not a non-negative integer.");
    }

    private void SkipLine()
    {
        while (pos < len || Fill())
        {
            int newline = Array.IndexOf(buffer, (byte)'\n', pos, len - pos);
            if (newline >= 0) { pos = newline + 1; Line++; return; }
            pos = len;
        }
    }

    // Ensures at least one unread byte; false at the end of the stream.
    private bool Fill()
    {
        if (pos < len) return true;
        if (endOfStream) return false;
        pos = 0;
        len = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        if (len < buffer.Length) endOfStream = true;
        return len > 0;
    }
}
