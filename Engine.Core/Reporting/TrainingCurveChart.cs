using System.Globalization;
using ClusterGcn.Engine.Core.Checkpoints;

namespace ClusterGcn.Engine.Core.Reporting;

/// <summary>The training-curve PNG written next to a model: the loss per epoch in the top panel, the training and
/// validation scores (accuracy or micro-F1) of the evaluated epochs in the bottom one, each panel with axes, tick marks
/// and labels.</summary>
/// <remarks>Non-finite losses (a diverged run) are left out of the line rather than stretching the axis to infinity.</remarks>
public static class TrainingCurveChart
{
    /// <summary>Image width in pixels.</summary>
    public const int ImageWidth = 640;

    /// <summary>Image height in pixels.</summary>
    public const int ImageHeight = 480;

    private const int Scale = 2, TickLength = 4, PanelLeft = 64, PanelWidth = ImageWidth - PanelLeft - 20, PanelHeight = 170;
    private const int LossTop = 34, ScoreTop = LossTop + PanelHeight + 54;

    /// <summary>Colour of the loss line.</summary>
    public static Rgb LossColour { get; } = new(31, 119, 180);

    /// <summary>Colour of the training-score line.</summary>
    public static Rgb TrainColour { get; } = new(255, 127, 14);

    /// <summary>Colour of the validation-score line.</summary>
    public static Rgb ValidationColour { get; } = new(44, 160, 44);

    /// <summary>Colour of the axes, ticks and labels.</summary>
    public static Rgb InkColour { get; } = new(0, 0, 0);

    private static readonly Rgb Background = new(255, 255, 255), Grid = new(225, 225, 225);

    /// <summary>Where the chart of the model <paramref name="model"/> goes: beside its files, <c>&lt;model&gt;.png</c>.</summary>
    public static string FileFor(string model) => Checkpoint.Stem(model) + ".png";

    /// <summary>Renders <paramref name="points"/> and writes the PNG to <paramref name="path"/>, atomically.</summary>
    /// <param name="path">The file to write.</param>
    /// <param name="points">One point per epoch, in any order.</param>
    /// <param name="scoreName">The bottom panel's title: <c>ACCURACY</c>, or <c>MICRO-F1</c> for multi-label models.</param>
    public static void Save(string path, IReadOnlyList<TrainingCurvePoint> points, string scoreName = "ACCURACY") =>
        PngWriter.Save(path, Render(points, scoreName));

    /// <summary>The two panels' pixel areas and data ranges for <paramref name="points"/>: epochs on x; the loss from 0
    /// (or its minimum, if negative) to a round value above its maximum; scores from 0 to 1.</summary>
    public static (ChartPanel Loss, ChartPanel Score) Layout(IReadOnlyList<TrainingCurvePoint> points)
    {
        double xMin = points.Count == 0 ? 0 : points.Min(p => p.Epoch), xMax = points.Count == 0 ? 1 : points.Max(p => p.Epoch);
        if (xMax <= xMin) xMax = xMin + 1;
        var losses = points.Select(p => p.Loss).Where(double.IsFinite).ToArray();
        double low = losses.Length == 0 ? 0 : Math.Min(0, losses.Min()), high = losses.Length == 0 ? 1 : losses.Max();
        double step = NiceStep(high - low, 5);
        double yMin = Math.Floor(low / step) * step, yMax = Math.Ceiling(high / step) * step;
        if (yMax <= yMin) yMax = yMin + step;
        return (new ChartPanel(PanelLeft, LossTop, PanelWidth, PanelHeight, xMin, xMax, yMin, yMax),
                new ChartPanel(PanelLeft, ScoreTop, PanelWidth, PanelHeight, xMin, xMax, 0, 1));
    }

    /// <summary>Draws the chart of <paramref name="points"/>.</summary>
    public static RgbImage Render(IReadOnlyList<TrainingCurvePoint> points, string scoreName = "ACCURACY")
    {
        var ordered = points.OrderBy(p => p.Epoch).ToArray();
        var (loss, score) = Layout(ordered);
        var image = new RgbImage(ImageWidth, ImageHeight, Background);

        DrawAxes(image, loss, "LOSS");
        DrawAxes(image, score, scoreName);
        string epoch = "EPOCH";
        PixelFont.Draw(image, score.Left + (score.Width - PixelFont.Width(epoch, Scale)) / 2, ImageHeight - PixelFont.Height(Scale) - 4, epoch, InkColour, Scale);
        DrawLegend(image, score, ("TRAIN", TrainColour), ("VAL", ValidationColour));

        DrawSeries(image, loss, ordered.Where(p => double.IsFinite(p.Loss)).Select(p => (p.Epoch, p.Loss)), LossColour);
        DrawSeries(image, score, ordered.Where(p => p.TrainScore is not null).Select(p => (p.Epoch, p.TrainScore!.Value)), TrainColour);
        DrawSeries(image, score, ordered.Where(p => p.ValidationScore is not null).Select(p => (p.Epoch, p.ValidationScore!.Value)), ValidationColour);
        return image;
    }

    // A step of 1, 2 or 5 times a power of ten that cuts range into at most about maxTicks intervals.
    private static double NiceStep(double range, int maxTicks)
    {
        if (!(range > 0) || !double.IsFinite(range)) return 1;
        double raw = range / maxTicks, magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw))), normalised = raw / magnitude;
        return (normalised <= 1 ? 1 : normalised <= 2 ? 2 : normalised <= 5 ? 5 : 10) * magnitude;
    }

    private static void DrawAxes(RgbImage image, ChartPanel panel, string title)
    {
        int textHeight = PixelFont.Height(Scale);
        PixelFont.Draw(image, panel.Left, panel.Top - textHeight - 10, title, InkColour, Scale);

        double yStep = NiceStep(panel.YMax - panel.YMin, 5);
        for (int i = 0; panel.YMin + i * yStep <= panel.YMax + yStep * 1e-9; i++)
        {
            double value = panel.YMin + i * yStep;
            int row = panel.Row(value);
            if (row != panel.Bottom) image.DrawLine(panel.Left + 1, row, panel.Left + panel.Width - 1, row, Grid);
            image.DrawLine(panel.Left - TickLength, row, panel.Left - 1, row, InkColour);
            string label = Label(value);
            PixelFont.Draw(image, panel.Left - TickLength - 4 - PixelFont.Width(label, Scale), row - textHeight / 2, label, InkColour, Scale);
        }

        // Whole epochs only: a fractional epoch tick would be a lie.
        double xStep = Math.Max(1, Math.Round(NiceStep(panel.XMax - panel.XMin, 10)));
        for (double epoch = Math.Ceiling(panel.XMin / xStep) * xStep; epoch <= panel.XMax; epoch += xStep)
        {
            int column = panel.Column(epoch);
            image.DrawLine(column, panel.Bottom + 1, column, panel.Bottom + TickLength, InkColour);
            string label = Label(epoch);
            PixelFont.Draw(image, column - PixelFont.Width(label, Scale) / 2, panel.Bottom + TickLength + 4, label, InkColour, Scale);
        }

        image.DrawLine(panel.Left, panel.Top, panel.Left, panel.Bottom, InkColour);
        image.DrawLine(panel.Left, panel.Bottom, panel.Left + panel.Width - 1, panel.Bottom, InkColour);
    }

    private static void DrawLegend(RgbImage image, ChartPanel panel, params (string Name, Rgb Colour)[] entries)
    {
        int textHeight = PixelFont.Height(Scale), x = panel.Left + panel.Width;
        foreach (var (name, colour) in entries.Reverse())
        {
            x -= PixelFont.Width(name, Scale);
            PixelFont.Draw(image, x, panel.Top - textHeight - 10, name, InkColour, Scale);
            x -= textHeight + 6;
            image.FillRectangle(x, panel.Top - textHeight - 10, textHeight, textHeight, colour);
            x -= 16;
        }
    }

    // Segments two pixels thick between consecutive points, and a 3 × 3 marker on each so that a lone evaluation shows.
    private static void DrawSeries(RgbImage image, ChartPanel panel, IEnumerable<(int Epoch, double Value)> series, Rgb colour)
    {
        (int X, int Y)? previous = null;
        foreach (var (epoch, value) in series)
        {
            (int X, int Y) point = (panel.Column(epoch), panel.Row(value));
            if (previous is { } from)
            {
                image.DrawLine(from.X, from.Y + 1, point.X, point.Y + 1, colour);
                image.DrawLine(from.X, from.Y, point.X, point.Y, colour);
            }
            image.FillRectangle(point.X - 1, point.Y - 1, 3, 3, colour);
            previous = point;
        }
    }

    private static string Label(double value) => Math.Round(value, 6).ToString("0.###", CultureInfo.InvariantCulture);
}
