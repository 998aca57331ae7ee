namespace ClusterGcn.Engine.Core.Reporting;

/// <summary>A 3 × 5 pixel font of the characters chart labels use (digits, '.', '-', space and the capitals of the
/// axis titles), drawn at an integer scale: enough for tick labels without a font file or a text renderer.</summary>
public static class PixelFont
{
    private const int GlyphWidth = 3, GlyphHeight = 5;

    // Each glyph is five rows of three cells, '#' = ink.
    private static readonly Dictionary<char, string> Glyphs = new()
    {
        ['0'] = "### #.# #.# #.# ###", ['1'] = ".#. ##. .#. .#. ###", ['2'] = "### ..# ### #.. ###", ['3'] = "### ..# .## ..# ###",
        ['4'] = "#.# #.# ### ..# ..#", ['5'] = "### #.. ### ..# ###", ['6'] = "### #.. ### #.# ###", ['7'] = "### ..# ..# .#. .#.",
        ['8'] = "### #.# ### #.# ###", ['9'] = "### #.# ### ..# ###", ['.'] = "... ... ... ... .#.", ['-'] = "... ... ### ... ...",
        [' '] = "... ... ... ... ...",
        ['A'] = ".#. #.# ### #.# #.#", ['C'] = ".## #.. #.. #.. .##", ['E'] = "### #.. ##. #.. ###", ['F'] = "### #.. ##. #.. #..",
        ['H'] = "#.# #.# ### #.# #.#", ['I'] = "### .#. .#. .#. ###", ['L'] = "#.. #.. #.. #.. ###", ['M'] = "#.# ### ### #.# #.#",
        ['N'] = "##. #.# #.# #.# #.#", ['O'] = ".#. #.# #.# #.# .#.", ['P'] = "##. #.# ##. #.. #..", ['R'] = "##. #.# ##. #.# #.#",
        ['S'] = ".## #.. .#. ..# ##.", ['T'] = "### .#. .#. .#. .#.", ['U'] = "#.# #.# #.# #.# ###", ['V'] = "#.# #.# #.# #.# .#.",
        ['Y'] = "#.# #.# .#. .#. .#.",
    };

    /// <summary>The width in pixels of <paramref name="text"/> at <paramref name="scale"/> (one blank column between glyphs).</summary>
    public static int Width(string text, int scale) => text.Length == 0 ? 0 : ((GlyphWidth + 1) * text.Length - 1) * scale;

    /// <summary>The height in pixels of a line of text at <paramref name="scale"/>.</summary>
    public static int Height(int scale) => GlyphHeight * scale;

    /// <summary>Draws <paramref name="text"/> with its top-left corner at (x, y).</summary>
    /// <exception cref="ArgumentException">A character the font lacks.</exception>
    public static void Draw(RgbImage image, int x, int y, string text, Rgb colour, int scale)
    {
        foreach (char c in text)
        {
            if (!Glyphs.TryGetValue(c, out string? glyph)) throw new ArgumentException($"pixel font: no glyph for '{c}'.", nameof(text));
            for (int row = 0; row < GlyphHeight; row++)
                for (int column = 0; column < GlyphWidth; column++)
                    if (glyph[row * (GlyphWidth + 1) + column] == '#')
                        image.FillRectangle(x + column * scale, y + row * scale, scale, scale, colour);
            x += (GlyphWidth + 1) * scale;
        }
    }
}
