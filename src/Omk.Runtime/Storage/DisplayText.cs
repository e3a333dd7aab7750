using System.Text;

namespace Omk.Storage;

/// <summary>
/// Makes text safe to show to people (terminal, proof.md, PR comments): ANSI and other escape sequences (CSI, OSC,
/// DCS ...), C0 and C1 control characters (except newline and tab) and bidirectional overrides are removed, so
/// output can neither drive a terminal nor disguise what it says. Text without any of them is returned as is.
/// </summary>
public static class DisplayText
{
    public static string Strip(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var first = IndexOfUnsafe(text);
        if (first < 0)
        {
            return text;
        }

        var sb = new StringBuilder(text.Length);
        sb.Append(text, 0, first);
        for (var i = first; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\u001b')
            {
                i = SkipEscape(text, i);
            }
            else if (c == '\u009b')
            {
                i = SkipCsi(text, i + 1);
            }
            else if (!IsUnsafe(c))
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    /// <summary>The longest run of consecutive <paramref name="c"/> in <paramref name="text"/>.</summary>
    public static int LongestRun(string text, char c)
    {
        ArgumentNullException.ThrowIfNull(text);
        int longest = 0, current = 0;
        foreach (var ch in text)
        {
            current = ch == c ? current + 1 : 0;
            longest = Math.Max(longest, current);
        }

        return longest;
    }

    private static int IndexOfUnsafe(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (IsUnsafe(text[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool IsUnsafe(char c) =>
        (c < ' ' && c is not '\n' and not '\t')
        || c == '\u007f'
        || (c >= '\u0080' && c <= '\u009f')
        || (c >= '\u202a' && c <= '\u202e')
        || (c >= '\u2066' && c <= '\u2069');

    // ESC [ ... final (CSI); ESC ] ... BEL or ESC \ (OSC); ESC P/X/^/_ ... ESC \ (strings); ESC + one character otherwise.
    // Returns the index of the sequence's last character.
    private static int SkipEscape(string text, int escape)
    {
        if (escape + 1 >= text.Length)
        {
            return escape;
        }

        var kind = text[escape + 1];
        return kind switch
        {
            '[' => SkipCsi(text, escape + 2),
            ']' or 'P' or 'X' or '^' or '_' => SkipString(text, escape + 2),
            _ => escape + 1,
        };
    }

    private static int SkipCsi(string text, int start)
    {
        for (var i = start; i < text.Length; i++)
        {
            if (text[i] >= '@' && text[i] <= '~')
            {
                return i;
            }

            if (text[i] is '\n')
            {
                return i - 1; // a broken sequence never swallows the next line
            }
        }

        return text.Length - 1;
    }

    private static int SkipString(string text, int start)
    {
        for (var i = start; i < text.Length; i++)
        {
            if (text[i] == '\u0007')
            {
                return i;
            }

            if (text[i] == '\u001b' && i + 1 < text.Length && text[i + 1] == '\\')
            {
                return i + 1;
            }

            if (text[i] is '\n')
            {
                return i - 1;
            }
        }

        return text.Length - 1;
    }
}
