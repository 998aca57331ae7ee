using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace ClusterGcn.Engine.Tests.Reporting;

/// <summary>A strict decoder for the PNGs the engine writes, independent of the writer: checks the signature, every
/// chunk's CRC (bit by bit, not the writer's table), IHDR, that IDAT inflates to exactly one filtered scanline per row,
/// and returns the pixels.</summary>
internal static class PngDecoder
{
    public sealed record Image(int Width, int Height, byte[] Rgb, string[] ChunkTypes)
    {
        public (byte R, byte G, byte B) this[int x, int y]
        {
            get
            {
                int i = 3 * (y * Width + x);
                return (Rgb[i], Rgb[i + 1], Rgb[i + 2]);
            }
        }
    }

    public static Image Decode(byte[] png)
    {
        Assert.That(png[..8], Is.EqualTo(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }), "PNG signature");
        var types = new List<string>();
        byte[]? header = null;
        using var idat = new MemoryStream();
        int at = 8;
        while (at < png.Length)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at));
            string type = Encoding.ASCII.GetString(png, at + 4, 4);
            var data = png.AsSpan(at + 8, length);
            uint crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(at + 8 + length));
            Assert.That(crc, Is.EqualTo(BitwiseCrc(png.AsSpan(at + 4, 4 + length))), $"CRC of chunk {type}");
            types.Add(type);
            if (type == "IHDR") header = data.ToArray();
            if (type == "IDAT") idat.Write(data);
            at += 12 + length;
        }
        Assert.That(at, Is.EqualTo(png.Length), "chunks end at the end of the file");
        Assert.That(types[0], Is.EqualTo("IHDR"));
        Assert.That(types[^1], Is.EqualTo("IEND"));
        Assert.That(header, Has.Length.EqualTo(13));
        if (header is null) throw new AssertionException("no IHDR");
        int width = BinaryPrimitives.ReadInt32BigEndian(header), height = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(4));
        Assert.That(header[8..], Is.EqualTo(new byte[] { 8, 2, 0, 0, 0 }), "8-bit RGB, deflate, adaptive filtering, no interlace");

        idat.Position = 0;
        using var inflated = new MemoryStream();
        using (var zlib = new ZLibStream(idat, CompressionMode.Decompress)) zlib.CopyTo(inflated);
        byte[] scanlines = inflated.ToArray();
        int stride = 1 + 3 * width;
        Assert.That(scanlines, Has.Length.EqualTo(height * stride), "one scanline per row");
        var rgb = new byte[3 * width * height];
        for (int y = 0; y < height; y++)
        {
            Assert.That(scanlines[y * stride], Is.Zero, $"filter type of row {y}");
            Array.Copy(scanlines, y * stride + 1, rgb, 3 * width * y, 3 * width);
        }
        return new Image(width, height, rgb, [.. types]);
    }

    private static uint BitwiseCrc(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++) crc = (crc >> 1) ^ (0xEDB88320 & (uint)-(int)(crc & 1));
        }
        return ~crc;
    }
}
