namespace Omk.GitHubAction;

/// <summary>Cuts Markdown at a line boundary, closing a code fence left open, so the rest still renders.</summary>
public static class MarkdownCut
{
    public static string AtLine(string markdown, int maxLength)
    {
        if (markdown.Length <= maxLength)
        {
            return markdown;
        }

        const int closing = 5; // "\n~~~~" at most
        var limit = Math.Max(0, maxLength - closing);
        if (limit > 0 && char.IsHighSurrogate(markdown[limit - 1]))
        {
            limit--;
        }

        var newline = markdown.LastIndexOf('\n', Math.Max(0, limit - 1));
        var kept = newline > 0 ? markdown[..newline] : markdown[..limit];
        string? fence = null;
        foreach (var line in kept.Split('\n'))
        {
            var trimmed = line.TrimStart();
            var marker = trimmed.StartsWith("```", StringComparison.Ordinal) ? "```" : trimmed.StartsWith("~~~~", StringComparison.Ordinal) ? "~~~~" : null;
            if (marker is null)
            {
                continue;
            }

            if (fence is null)
            {
                fence = marker;
            }
            else if (marker == fence)
            {
                fence = null;
            }
        }

        return fence is null ? kept : kept + "\n" + fence;
    }
}
