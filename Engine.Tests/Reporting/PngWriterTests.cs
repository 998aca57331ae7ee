using ClusterGcn.Engine.Core.Reporting;

namespace ClusterGcn.Engine.Tests.Reporting;

public sealed class PngWriterTests
{
    [Test]
    public void A_png_decodes_to_the_pixels_drawn()
    {
        var image = new RgbImage(7, 5, new Rgb(255, 255, 255));
        image.Set(0, 0, new Rgb(1, 2, 3));
        image.Set(6, 4, new Rgb(250, 0, 128));
        image.DrawLine(0, 4, 6, 1, new Rgb(0, 0, 255));

        var png = PngDecoder.Decode(PngWriter.Encode(image));
        Assert.That((png.Width, png.Height), Is.EqualTo((7, 5)));
        Assert.That(png.ChunkTypes, Is.EqualTo(new[] { "IHDR", "IDAT", "IEND" }));
        for (int y = 0; y < 5; y++)
            for (int x = 0; x < 7; x++)
                Assert.That(png[x, y], Is.EqualTo((image[x, y].R, image[x, y].G, image[x, y].B)), $"pixel ({x}, {y})");
        Assert.That(png[0, 0], Is.EqualTo(((byte)1, (byte)2, (byte)3)));
        Assert.That(png[6, 4], Is.EqualTo(((byte)250, (byte)0, (byte)128)));
    }

    [Test]
    public void A_line_covers_both_ends_and_one_pixel_per_column_when_shallow()
    {
        var blue = new Rgb(0, 0, 255);
        var image = new RgbImage(11, 4, new Rgb(255, 255, 255));
        image.DrawLine(0, 0, 10, 3, blue);
        for (int x = 0; x <= 10; x++)
        {
            int inked = Enumerable.Range(0, 4).Count(y => image[x, y] == blue);
            Assert.That(inked, Is.EqualTo(1), $"column {x}");
        }
        Assert.That(image[0, 0], Is.EqualTo(blue));
        Assert.That(image[10, 3], Is.EqualTo(blue));
    }

    [Test]
    public void Drawing_outside_the_image_is_clipped()
    {
        var image = new RgbImage(3, 3, new Rgb(0, 0, 0));
        image.FillRectangle(-5, -5, 20, 6, new Rgb(9, 9, 9));
        image.DrawLine(-10, 2, 10, 2, new Rgb(7, 7, 7));
        Assert.That(image[2, 0], Is.EqualTo(new Rgb(9, 9, 9)));
        Assert.That(image[1, 2], Is.EqualTo(new Rgb(7, 7, 7)));
    }

    [Test]
    public void The_written_file_is_atomic_and_identical_to_the_encoding()
    {
        string dir = Directory.CreateTempSubdirectory("png-").FullName;
        try
        {
            var image = new RgbImage(4, 4, new Rgb(10, 20, 30));
            string path = Path.Combine(dir, "a.png");
            PngWriter.Save(path, image);
            Assert.That(File.ReadAllBytes(path), Is.EqualTo(PngWriter.Encode(image)));
            Assert.That(Directory.GetFiles(dir), Has.Length.EqualTo(1));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
