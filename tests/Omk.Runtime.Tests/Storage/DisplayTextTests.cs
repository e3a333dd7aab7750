using Omk.Storage;

namespace Omk.Tests.Storage;

public sealed class DisplayTextTests
{
    [Theory]
    [InlineData("\u001b[31mred\u001b[0m text", "red text")]
    [InlineData("title\u001b]0;owned\u0007 kept", "title kept")]
    [InlineData("link \u001b]8;;https://evil\u001b\\here\u001b]8;;\u001b\\", "link here")]
    [InlineData("bell\u0007 back\bspace\r", "bell backspace")]
    [InlineData("c1 \u009b2Jclear", "c1 clear")]
    [InlineData("bidi \u202eevil\u202c", "bidi evil")]
    [InlineData("tabs\tand\nnewlines stay", "tabs\tand\nnewlines stay")]
    [InlineData("broken \u001b[12", "broken ")]
    public void Control_sequences_are_stripped(string text, string shown) => Assert.Equal(shown, DisplayText.Strip(text));

    [Fact]
    public void Clean_text_is_the_same_instance()
    {
        var text = "nothing to strip";
        Assert.Same(text, DisplayText.Strip(text));
    }
}
