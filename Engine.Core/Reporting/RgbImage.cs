namespace ClusterGcn.Engine.Core.Reporting;

/// <summary>An 8-bit RGB raster, row-major from the top-left corner, with the few drawing operations a chart needs.
/// Drawing outside the image is clipped.</summary>
public sealed class RgbImage
{
    private readonly byte[] pixels;

    /// <summary>A <paramref name="width"/> × <paramref name="height"/> image filled with <paramref name="background"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A side below 1 or above 16,384.</exception>
    public RgbImage(int width, int height, Rgb background)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(width, 16_384);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(height, 16_384);
        (Width, Height, pixels) = (width, height, new byte[3 * width * height]);
        FillRectangle(0, 0, width, height, background);
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>Row <paramref name="y"/> as R, G, B bytes per pixel.</summary>
    public ReadOnlySpan<byte> Row(int y) => pixels.AsSpan(3 * Width * y, 3 * Width);

    /// <summary>The colour at (<paramref name="x"/>, <paramref name="y"/>).</summary>
    public Rgb this[int x, int y]
    {
        get
        {
            int i = 3 * (y * Width + x);
            return new Rgb(pixels[i], pixels[i + 1], pixels[i + 2]);
        }
    }

    /// <summary>Sets one pixel, if it lies inside the image.</summary>
    public void Set(int x, int y, Rgb colour)
    {
        if ((uint)x >= (uint)Width || (uint)y >= (uint)Height) return;
        int i = 3 * (y * Width + x);
        (pixels[i], pixels[i + 1], pixels[i + 2]) = (colour.R, colour.G, colour.B);
    }

    /// <summary>Fills the rectangle of <paramref name="width"/> × <paramref name="height"/> pixels whose top-left corner is (x, y).</summary>
    public void FillRectangle(int x, int y, int width, int height, Rgb colour)
    {
        for (int row = Math.Max(y, 0); row < Math.Min(y + height, Height); row++)
            for (int column = Math.Max(x, 0); column < Math.Min(x + width, Width); column++)
                Set(column, row, colour);
    }

    /// <summary>Draws a one-pixel line from (x0, y0) to (x1, y1), both ends included (Bresenham).</summary>
    public void DrawLine(int x0, int y0, int x1, int y1, Rgb colour)
    {
        int dx = Math.Abs(x1 - x0), dy = -Math.Abs(y1 - y0);
        int sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1;
        int error = dx + dy;
        while (true)
        {
            Set(x0, y0, colour);
            if (x0 == x1 && y0 == y1) return;
            int doubled = 2 * error;
            if (doubled >= dy) { error += dy; x0 += sx; }
            if (doubled <= dx) { error += dx; y0 += sy; }
        }
    }
}
