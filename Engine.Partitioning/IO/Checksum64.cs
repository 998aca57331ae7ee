using System.Numerics;
using System.Runtime.InteropServices;

namespace ClusterGcn.Engine.Partitioning.IO;

/// <summary>A fast 64-bit checksum of int arrays (not cryptographic): four independent multiply-rotate lanes over
/// 8-byte words, so a 500 MB graph hashes in a fraction of a second, then a final avalanche. Detects a changed,
/// truncated or reordered array with probability 1 − 2⁻⁶⁴-ish; used to tie cached partitions to their graph.</summary>
internal struct Checksum64()
{
    private const ulong P1 = 0x9E3779B185EBCA87UL, P2 = 0xC2B2AE3D27D4EB4FUL, P3 = 0x165667B19E3779F9UL;

    private ulong a = P1, b = P2, c = P3, d = P1 ^ P2;
    private long length;

    /// <summary>Mixes in <paramref name="values"/>, preceded by their count so that boundaries between arrays count.</summary>
    public void Add(ReadOnlySpan<int> values)
    {
        Word((ulong)values.Length);
        var words = MemoryMarshal.Cast<int, ulong>(values);
        int i = 0;
        for (; i + 4 <= words.Length; i += 4)
        {
            a = Round(a, words[i]);
            b = Round(b, words[i + 1]);
            c = Round(c, words[i + 2]);
            d = Round(d, words[i + 3]);
        }
        for (; i < words.Length; i++) Word(words[i]);
        if (values.Length % 2 == 1) Word((uint)values[^1]);
        length += values.Length;
    }

    /// <summary>Mixes in one 64-bit value.</summary>
    public void Add(ulong value) => Word(value);

    /// <summary>The checksum of everything added.</summary>
    public readonly ulong Value
    {
        get
        {
            ulong h = BitOperations.RotateLeft(a, 1) + BitOperations.RotateLeft(b, 7) + BitOperations.RotateLeft(c, 12) + BitOperations.RotateLeft(d, 18);
            h ^= (ulong)length * P3;
            h = (h ^ (h >> 33)) * P2;
            h = (h ^ (h >> 29)) * P3;
            return h ^ (h >> 32);
        }
    }

    private void Word(ulong value)
    {
        a = Round(a, value);
        (a, b, c, d) = (b, c, d, a); // rotate lanes so that single words land in every lane in turn
    }

    private static ulong Round(ulong lane, ulong value) => BitOperations.RotateLeft(lane + value * P2, 31) * P1;
}
