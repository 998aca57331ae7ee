namespace ClusterGcn.Engine.Core.Reporting;

/// <summary>The plot area of one chart panel in pixels and the data ranges it shows: maps data to pixels.</summary>
/// <param name="Left">Column of the y axis (x = <paramref name="XMin"/>).</param>
/// <param name="Top">Row of y = <paramref name="YMax"/>.</param>
/// <param name="Width">Columns from x = XMin to x = XMax, both included.</param>
/// <param name="Height">Rows from y = YMax to y = YMin, both included; the x axis is the last.</param>
/// <param name="XMin">Smallest x shown.</param>
/// <param name="XMax">Largest x shown, above <paramref name="XMin"/>.</param>
/// <param name="YMin">Smallest y shown.</param>
/// <param name="YMax">Largest y shown, above <paramref name="YMin"/>.</param>
public sealed record ChartPanel(int Left, int Top, int Width, int Height, double XMin, double XMax, double YMin, double YMax)
{
    /// <summary>The bottom row: the x axis.</summary>
    public int Bottom => Top + Height - 1;

    /// <summary>The column of <paramref name="x"/>.</summary>
    public int Column(double x) => Left + (int)Math.Round((x - XMin) / (XMax - XMin) * (Width - 1));

    /// <summary>The row of <paramref name="y"/> (values outside the range are clamped to the panel's edge).</summary>
    public int Row(double y) => Top + (int)Math.Round((YMax - Math.Clamp(y, YMin, YMax)) / (YMax - YMin) * (Height - 1));
}
