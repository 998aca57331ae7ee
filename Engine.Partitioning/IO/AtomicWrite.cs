namespace ClusterGcn.Engine.Partitioning.IO;

/// <summary>Writes files whole or not at all: each goes to a temporary file beside its target, and only when every
/// one is complete are they renamed over their targets, in the order given. A crash leaves the old files or the
/// new ones, never a half-written one; readers that check the last file first (a manifest) see a consistent set.</summary>
public static class AtomicWrite
{
    /// <summary>Writes <paramref name="path"/> through <paramref name="write"/>, atomically.</summary>
    public static void File(string path, Action<Stream> write) => Files((path, write));

    /// <summary>Writes <paramref name="text"/> (UTF-8) to <paramref name="path"/>, atomically.</summary>
    public static void Text(string path, string text) => File(path, stream => stream.Write(System.Text.Encoding.UTF8.GetBytes(text)));

    /// <summary>Writes every file through its writer, then renames them into place in order.</summary>
    public static void Files(params (string Path, Action<Stream> Write)[] files)
    {
        var temps = new string[files.Length];
        try
        {
            for (int i = 0; i < files.Length; i++)
            {
                temps[i] = $"{Path.GetFullPath(files[i].Path)}.{Environment.ProcessId}.tmp";
                using var stream = new FileStream(temps[i], FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1 << 16);
                files[i].Write(stream);
                stream.Flush(flushToDisk: true); // the rename must never expose data still in the page cache only

            }
            for (int i = 0; i < files.Length; i++) System.IO.File.Move(temps[i], files[i].Path, overwrite: true);
        }
        finally
        {
            foreach (string? temp in temps)
                if (temp is not null && System.IO.File.Exists(temp)) System.IO.File.Delete(temp);
        }
    }
}
