namespace ClusterGcn.Engine.Tests.Support;

/// <summary>Random damage to a file's bytes, for the fuzz tests of the readers: a byte changed, a byte inserted, a
/// byte deleted, or the file cut short at a random position.</summary>
internal static class FileDamage
{
    /// <summary>A damaged copy of <paramref name="bytes"/> and where the damage is; new bytes come from
    /// <paramref name="newByte"/> (any byte when null).</summary>
    public static (byte[] Bytes, int At) Once(IReadOnlyList<byte> bytes, Random random, Func<Random, byte>? newByte = null)
    {
        var damaged = bytes.ToList();
        if (damaged.Count == 0) return ([], 0);
        byte New() => newByte?.Invoke(random) ?? (byte)random.Next(256);
        int at = random.Next(damaged.Count);
        switch (random.Next(4))
        {
            case 0: damaged[at] = New(); break;
            case 1: damaged.Insert(at, New()); break;
            case 2: damaged.RemoveAt(at); break;
            default: damaged.RemoveRange(at, damaged.Count - at); break;
        }
        return ([.. damaged], at);
    }
}
