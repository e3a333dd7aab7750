using System.Text;

namespace Omk.GitHubAction;

/// <summary>Appends Markdown to <c>$GITHUB_STEP_SUMMARY</c>, within GitHub's limit of 1 MiB per step.</summary>
public static class StepSummary
{
    public const int MaxBytes = 1024 * 1024;

    public static void Append(string? path, string markdown, string truncatedNote)
    {
        if (path is null)
        {
            return;
        }

        var existing = File.Exists(path) ? new FileInfo(path).Length : 0;
        var budget = (int)Math.Max(0, MaxBytes - existing);
        File.AppendAllText(path, Fit(markdown, budget, truncatedNote), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
    }

    /// <summary>The text itself when it fits in <paramref name="maxBytes"/> of UTF-8; otherwise whole lines of it, then the note.</summary>
    public static string Fit(string markdown, int maxBytes, string truncatedNote)
    {
        if (Encoding.UTF8.GetByteCount(markdown) <= maxBytes)
        {
            return markdown;
        }

        var note = "\n\n" + truncatedNote + "\n";
        var room = maxBytes - Encoding.UTF8.GetByteCount(note);
        if (room <= 0)
        {
            return string.Empty;
        }

        // The longest prefix that fits (binary search on its UTF-8 size), then back to a line boundary.
        int low = 0, high = Math.Min(markdown.Length, room);
        while (low < high)
        {
            var middle = (low + high + 1) / 2;
            if (Encoding.UTF8.GetByteCount(markdown.AsSpan(0, middle)) <= room)
            {
                low = middle;
            }
            else
            {
                high = middle - 1;
            }
        }

        var cut = low;
        return MarkdownCut.AtLine(markdown, cut) + note;
    }
}
