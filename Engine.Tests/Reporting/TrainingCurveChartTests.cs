using ClusterGcn.Engine.Core.Reporting;

namespace ClusterGcn.Engine.Tests.Reporting;

public sealed class TrainingCurveChartTests
{
    // Five epochs of falling loss, evaluated at epochs 1, 3 and 5.
    private static readonly TrainingCurvePoint[] Curve =
    [
        new(1, 2.0, 0.30, 0.25), new(2, 1.5), new(3, 1.0, 0.60, 0.55), new(4, 0.8), new(5, 0.5, 0.90, 0.80),
    ];

    private static (byte, byte, byte) Tuple(Rgb c) => (c.R, c.G, c.B);

    [Test]
    public void The_panels_span_the_epochs_and_round_loss_and_score_ranges()
    {
        var (loss, score) = TrainingCurveChart.Layout(Curve);
        Assert.That((loss.XMin, loss.XMax, loss.YMin, loss.YMax), Is.EqualTo((1.0, 5.0, 0.0, 2.0)), "loss from 0 to a round 2.0");
        Assert.That((score.YMin, score.YMax), Is.EqualTo((0.0, 1.0)));
        Assert.That(score.Top, Is.GreaterThan(loss.Bottom), "score panel below the loss panel");
        Assert.That(score.Bottom, Is.LessThan(TrainingCurveChart.ImageHeight));
        Assert.That(loss.Column(1), Is.EqualTo(loss.Left));
        Assert.That(loss.Column(5), Is.EqualTo(loss.Left + loss.Width - 1));
        Assert.That(loss.Row(2.0), Is.EqualTo(loss.Top));
        Assert.That(loss.Row(0.0), Is.EqualTo(loss.Bottom));
    }

    [Test]
    public void Every_point_lands_on_its_pixel_in_its_colour_and_segments_join_them()
    {
        var png = PngDecoder.Decode(PngWriter.Encode(TrainingCurveChart.Render(Curve)));
        Assert.That((png.Width, png.Height), Is.EqualTo((TrainingCurveChart.ImageWidth, TrainingCurveChart.ImageHeight)));
        var (loss, score) = TrainingCurveChart.Layout(Curve);
        foreach (var point in Curve)
        {
            Assert.That(png[loss.Column(point.Epoch), loss.Row(point.Loss)], Is.EqualTo(Tuple(TrainingCurveChart.LossColour)), $"loss at epoch {point.Epoch}");
            if (point.TrainScore is { } train)
                Assert.That(png[score.Column(point.Epoch), score.Row(train)], Is.EqualTo(Tuple(TrainingCurveChart.TrainColour)), $"train score at epoch {point.Epoch}");
            if (point.ValidationScore is { } validation)
                Assert.That(png[score.Column(point.Epoch), score.Row(validation)], Is.EqualTo(Tuple(TrainingCurveChart.ValidationColour)), $"validation score at epoch {point.Epoch}");
        }

        // Half-way between epochs 1 and 2 the loss line passes within a pixel of 1.75.
        int column = (loss.Column(1) + loss.Column(2)) / 2, row = loss.Row(1.75);
        Assert.That(Enumerable.Range(row - 1, 3).Any(y => png[column, y] == Tuple(TrainingCurveChart.LossColour)), "loss segment at epoch 1.5");
        // The validation line joins epochs 3 and 5 although epoch 4 was not evaluated.
        column = (score.Column(3) + score.Column(5)) / 2;
        row = score.Row(0.675);
        Assert.That(Enumerable.Range(row - 1, 3).Any(y => png[column, y] == Tuple(TrainingCurveChart.ValidationColour)), "validation segment at epoch 4");
        // And nothing of the curves is drawn above the loss panel's top-right data area beyond the series.
        Assert.That(png[loss.Column(5), loss.Row(2.0)], Is.Not.EqualTo(Tuple(TrainingCurveChart.LossColour)), "no loss where the loss never was");
    }

    [Test]
    public void Axes_carry_tick_marks_at_every_epoch_and_labels()
    {
        var image = TrainingCurveChart.Render(Curve);
        var (loss, score) = TrainingCurveChart.Layout(Curve);
        var ink = TrainingCurveChart.InkColour;
        foreach (var panel in new[] { loss, score })
        {
            Assert.That(image[panel.Left, panel.Top + panel.Height / 2], Is.EqualTo(ink), "y axis");
            Assert.That(image[panel.Left + panel.Width / 2, panel.Bottom], Is.EqualTo(ink), "x axis");
            for (int epoch = 1; epoch <= 5; epoch++)
                Assert.That(image[panel.Column(epoch), panel.Bottom + 2], Is.EqualTo(ink), $"tick at epoch {epoch}");
            foreach (double value in panel == loss ? new[] { 0, 0.5, 1, 1.5, 2 } : [0, 0.2, 0.4, 0.6, 0.8, 1])
                Assert.That(image[panel.Left - 2, panel.Row(value)], Is.EqualTo(ink), $"tick at {value}");
            int labelInk = 0;
            for (int x = 0; x < panel.Left - 4; x++)
                for (int y = panel.Top - 6; y <= panel.Bottom + 6; y++)
                    if (image[x, y] == ink) labelInk++;
            Assert.That(labelInk, Is.GreaterThan(50), "tick labels left of the y axis");
        }
    }

    [Test]
    public void A_diverged_loss_is_left_out_and_a_single_epoch_still_draws()
    {
        TrainingCurvePoint[] diverged = [new(1, 3.0), new(2, double.NaN), new(3, double.PositiveInfinity), new(4, 1.0)];
        var (loss, _) = TrainingCurveChart.Layout(diverged);
        Assert.That(loss.YMax, Is.EqualTo(3.0));
        var image = TrainingCurveChart.Render(diverged);
        Assert.That(image[loss.Column(4), loss.Row(1.0)], Is.EqualTo(TrainingCurveChart.LossColour));

        var single = TrainingCurveChart.Layout([new(7, 0.25, 0.5, 0.5)]);
        Assert.That((single.Loss.XMin, single.Loss.XMax), Is.EqualTo((7.0, 8.0)));
        Assert.That(() => TrainingCurveChart.Render([new(7, 0.25, 0.5, 0.5)], "MICRO-F1"), Throws.Nothing);
        Assert.That(() => TrainingCurveChart.Render([]), Throws.Nothing);
    }

    [Test]
    public void The_chart_goes_beside_the_model()
    {
        Assert.That(TrainingCurveChart.FileFor(Path.Combine("runs", "m.safetensors")), Is.EqualTo(Path.Combine("runs", "m.png")));
        Assert.That(TrainingCurveChart.FileFor("m"), Is.EqualTo("m.png"));
    }
}
