namespace Omk.Processes;

/// <summary>
/// The short summary of a stream kept as evidence (the rule of the original omk): the first
/// <see cref="MaxLines"/> non-empty lines, each trimmed and cut to <see cref="MaxLineLength"/> characters
/// with <c>...</c> appended when cut, joined by <c>\n</c>, plus a final <c>...</c> line when more non-empty
/// lines followed; the empty string when the stream had no non-empty line.
/// </summary>
public static class OutputSummary
{
    /// <summary>How many non-empty lines a summary keeps.</summary>
    public const int MaxLines = 3;

    /// <summary>How many characters (Unicode scalar values) of each line a summary keeps.</summary>
    public const int MaxLineLength = 240;

    /// <summary>The marker for a cut line and for omitted lines.</summary>
    public const string Ellipsis = "...";

    /// <summary>The summary of <paramref name="text"/>.</summary>
    public static string Summarize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var builder = new OutputSummaryBuilder();
        builder.Append(text.AsSpan());
        return builder.Build();
    }
}
