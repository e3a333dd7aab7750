using System.Globalization;

namespace Omk.Evidence;

/// <summary>
/// Reads one line in MSBuild's canonical diagnostic format: <c>origin: [subcategory] error|warning [CODE]: message</c>,
/// where origin is <c>path(line,col)</c>, <c>path(line)</c>, <c>path(line,col,endLine,endCol)</c>, a path, or a tool
/// name (<c>MSBUILD : error MSB1009: …</c>). A trailing <c> [project]</c> is dropped from the message (MSBuild appends
/// it), and a leading node prefix (<c>12&gt;</c>) is ignored. Anything else is not a diagnostic.
/// </summary>
public static class DiagnosticLine
{
    /// <summary>The parts of a diagnostic line; <see cref="File"/> is as printed (not yet made relative).</summary>
    public readonly record struct Parts(string Severity, string? Code, string? File, int? Line, int? Column, string Message);

    public static bool TryParse(string line, out Parts parts)
    {
        ArgumentNullException.ThrowIfNull(line);
        parts = default;
        var span = line.AsSpan();
        var search = 0;
        while (true)
        {
            var colon = span[search..].IndexOf(": ");
            if (colon < 0)
            {
                return false;
            }

            colon += search;
            if (TryAt(line, colon, out parts))
            {
                return true;
            }

            search = colon + 2;
            if (search >= span.Length)
            {
                return false;
            }
        }
    }

    private static bool TryAt(string line, int colon, out Parts parts)
    {
        parts = default;
        var rest = line.AsSpan(colon + 2).TrimStart(' ');
        string severity;
        if (rest.StartsWith("error", StringComparison.Ordinal))
        {
            severity = "error";
            rest = rest[5..];
        }
        else if (rest.StartsWith("warning", StringComparison.Ordinal))
        {
            severity = "warning";
            rest = rest[7..];
        }
        else
        {
            return false;
        }

        // After the severity: " CODE: message", " : message" or ": message".
        if (rest.IsEmpty || (rest[0] != ' ' && rest[0] != ':'))
        {
            return false;
        }

        rest = rest.TrimStart(' ');
        string? code = null;
        if (!rest.IsEmpty && rest[0] != ':')
        {
            var end = rest.IndexOf(':');
            if (end <= 0 || !IsCode(rest[..end]))
            {
                return false;
            }

            code = rest[..end].ToString();
            rest = rest[end..];
        }

        if (rest.IsEmpty || rest[0] != ':')
        {
            return false;
        }

        var message = rest[1..].Trim();
        if (message.Length > 0 && message[^1] == ']')
        {
            var open = message.LastIndexOf(" [", StringComparison.Ordinal);
            if (open >= 0)
            {
                message = message[..open].TrimEnd();
            }
        }

        var origin = StripNodePrefix(line.AsSpan(0, colon).Trim());
        if (origin.IsEmpty)
        {
            return false;
        }

        var (file, lineNumber, column) = ParseOrigin(origin);
        parts = new Parts(severity, code, file, lineNumber, column, message.ToString());
        return true;
    }

    // Codes are letters then digits or similar identifiers (CS1002, MSB1009, NU1101, FS0039, IDE0055, CA1062).
    private static bool IsCode(ReadOnlySpan<char> code)
    {
        if (code.Length > 32 || !char.IsLetter(code[0]))
        {
            return false;
        }

        foreach (var c in code)
        {
            if (!char.IsLetterOrDigit(c) && c != '_' && c != '-' && c != '.')
            {
                return false;
            }
        }

        return true;
    }

    private static ReadOnlySpan<char> StripNodePrefix(ReadOnlySpan<char> origin)
    {
        var i = 0;
        while (i < origin.Length && char.IsAsciiDigit(origin[i]))
        {
            i++;
        }

        return i > 0 && i < origin.Length && origin[i] == '>' ? origin[(i + 1)..].TrimStart() : origin;
    }

    private static (string? File, int? Line, int? Column) ParseOrigin(ReadOnlySpan<char> origin)
    {
        if (origin[^1] == ')')
        {
            var open = origin.LastIndexOf('(');
            if (open > 0)
            {
                var location = origin[(open + 1)..^1];
                var comma = location.IndexOf(',');
                var lineText = comma < 0 ? location : location[..comma];
                var dash = lineText.IndexOf('-');
                if (dash > 0)
                {
                    lineText = lineText[..dash];
                }

                if (int.TryParse(lineText, NumberStyles.None, CultureInfo.InvariantCulture, out var line))
                {
                    int? column = null;
                    if (comma >= 0)
                    {
                        var columnText = location[(comma + 1)..];
                        var next = columnText.IndexOf(',');
                        if (next >= 0)
                        {
                            columnText = columnText[..next];
                        }

                        dash = columnText.IndexOf('-');
                        if (dash > 0)
                        {
                            columnText = columnText[..dash];
                        }

                        column = int.TryParse(columnText, NumberStyles.None, CultureInfo.InvariantCulture, out var c) ? c : null;
                    }

                    return (origin[..open].TrimEnd().ToString(), line, column);
                }
            }
        }

        // A tool name (MSBUILD, CSC, EXEC) is no file; a path is.
        var looksLikePath = origin.IndexOfAny('/', '\\') >= 0 || origin.LastIndexOf('.') > 0;
        return (looksLikePath ? origin.ToString() : null, null, null);
    }
}
