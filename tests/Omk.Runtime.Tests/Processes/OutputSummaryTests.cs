using System.Text;
using Omk.Processes;

namespace Omk.Tests.Processes;

public sealed class OutputSummaryTests
{
    [Theory]
    [InlineData("", "")]
    [InlineData("   \n\t\n \r\n", "")]
    [InlineData("one", "one")]
    [InlineData("\n  one  \r\n\n two\t\n", "one\ntwo")]
    [InlineData("a\nb\nc", "a\nb\nc")]
    [InlineData("a\nb\nc\n\n  \n", "a\nb\nc")]
    [InlineData("a\nb\nc\nd", "a\nb\nc\n...")]
    [InlineData("a\n\nb\n\nc\n\n   d   \ne", "a\nb\nc\n...")]
    [InlineData("in  side\r\n", "in  side")]
    public void Summarize_KeepsTheFirstThreeNonEmptyTrimmedLines(string text, string expected)
    {
        Assert.Equal(expected, OutputSummary.Summarize(text));
    }

    [Fact]
    public void Summarize_CutsLongLinesAt240Characters()
    {
        var exact = new string('x', 240);
        var over = new string('y', 241);

        Assert.Equal(exact, OutputSummary.Summarize(exact));
        Assert.Equal(exact, OutputSummary.Summarize("   " + exact + "   \n"));
        Assert.Equal(new string('y', 240) + "...", OutputSummary.Summarize(over));
        Assert.Equal(exact + "...\nz", OutputSummary.Summarize(exact + " tail\nz"));
        Assert.Equal(new string('x', 239) + " ...", OutputSummary.Summarize(new string('x', 239) + "  z"));
    }

    [Fact]
    public void Summarize_CountsSurrogatePairsAsOneCharacter()
    {
        var emoji = "\U0001F600";
        var exact = string.Concat(Enumerable.Repeat(emoji, 240));

        Assert.Equal(exact, OutputSummary.Summarize(exact));
        Assert.Equal(exact + "...", OutputSummary.Summarize(exact + emoji));
    }

    [Fact]
    public void Builder_GivesTheSameSummaryWhateverThePieces()
    {
        var text = "\n  first line  \n\n" + new string('w', 300) + "\n third \n fourth\n";
        var expected = OutputSummary.Summarize(text);
        Assert.Equal($"first line\n{new string('w', 240)}...\nthird\n...", expected);

        for (var split = 0; split <= text.Length; split++)
        {
            var builder = new OutputSummaryBuilder();
            builder.Append(text.AsSpan(0, split));
            builder.Append(text.AsSpan(split));
            Assert.Equal(expected, builder.Build());
        }
    }

    [Fact]
    public void Tail_KeepsTheLastBytes_AndDropsAHalfCharacterAtTheStart()
    {
        var tail = new OutputTail(5);
        tail.Append("ab"u8);
        Assert.Equal("ab", tail.ToString());
        tail.Append("cde"u8);
        Assert.Equal("abcde", tail.ToString());
        tail.Append("fg"u8);
        Assert.Equal("cdefg", tail.ToString());
        tail.Append("0123456789"u8);
        Assert.Equal("56789", tail.ToString());

        var utf8 = new OutputTail(4);
        utf8.Append(Encoding.UTF8.GetBytes("x\u00e9\u20ac")); // x, 2-byte é, 3-byte €: 6 bytes
        Assert.Equal("\u20ac", utf8.ToString());
        Assert.Equal("", new OutputTail(0).ToString());
    }

    [Fact]
    public void CommandLine_QuotesOnlyWhatNeedsIt()
    {
        Assert.Equal("dotnet build --nologo -c Release", ProcessCommand.Create("dotnet", "build", "--nologo", "-c", "Release").CommandLine);
        Assert.Equal(@"echo '' 'a b' 'don'\''t' '$X'", ProcessCommand.Create("echo", "", "a b", "don't", "$X").CommandLine);
        Assert.Equal(ProcessCommand.Create("a", "b"), new ProcessCommand("a", new List<string> { "b" }));
    }
}
