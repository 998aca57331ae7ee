namespace ClusterGcn.Engine.Tests.Support;

/// <summary>The contract's promise about bad input: an <see cref="ArgumentException"/> (or subclass) whose message
/// is a single line naming what was wrong, so a CLI user sees one readable line and no stack trace.</summary>
public static class Errors
{
    /// <summary>Runs <paramref name="call"/>, expecting an ArgumentException whose one-line message contains
    /// <paramref name="fragment"/> (the operand's name and the problem).</summary>
    public static ArgumentException AssertOneLine(Action call, string fragment)
    {
        var error = Assert.Throws(Is.InstanceOf<ArgumentException>(), () => call())!;
        var argumentError = (ArgumentException)error;
        Assert.Multiple(() =>
        {
            Assert.That(argumentError.Message, Does.Contain(fragment), "the message names the operand and the problem");
            Assert.That(argumentError.Message, Does.Not.Contain('\n'), "the message is one line");
        });
        return argumentError;
    }
}
