using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using ClusterGcn.Engine.Partitioning.IO;

namespace ClusterGcn.Engine.Core.Reporting;

/// <summary>Encodes an <see cref="RgbImage"/> as a PNG without any imaging library: the signature, an IHDR chunk
/// (8-bit truecolour, not interlaced), one IDAT chunk holding the zlib stream of the scanlines (each led by filter
/// type 0, none: a chart's flat colours compress well without filtering) and IEND, each chunk with its CRC-32.</summary>
public static class PngWriter
{
    /// <summary>The eight bytes every PNG file starts with.</summary>
    public static ReadOnlySpan<byte> Signature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Writes <paramref name="image"/> to <paramref name="path"/>, atomically.</summary>
    public static void Save(string path, RgbImage image)
    {
        byte[] png = Encode(image);
        AtomicWrite.File(path, stream => stream.Write(png));
    }

    /// <summary>The PNG file of <paramref name="image"/>.</summary>
    public static byte[] Encode(RgbImage image)
    {
        using var file = new MemoryStream();
        file.Write(Signature);

        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, image.Width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), image.Height);
        header[8] = 8; // bits per channel
        header[9] = 2; // colour type: RGB; compression, filter method and interlace stay 0
        Chunk(file, "IHDR", header);

        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
            for (int y = 0; y < image.Height; y++)
            {
                zlib.WriteByte(0);
                zlib.Write(image.Row(y));
            }
        Chunk(file, "IDAT", compressed.ToArray());
        Chunk(file, "IEND", []);
        return file.ToArray();
    }

    // length (big-endian), type, data, then the CRC-32 of type and data.
    private static void Chunk(Stream file, string type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        file.Write(word);
        Span<byte> typeBytes = stackalloc byte[4];
        Encoding.ASCII.GetBytes(type, typeBytes);
        file.Write(typeBytes);
        file.Write(data);
        BinaryPrimitives.WriteUInt32BigEndian(word, Crc32.Append(Crc32.Append(0, typeBytes), data));
        file.Write(word);
    }
}
