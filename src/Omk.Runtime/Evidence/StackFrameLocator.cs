using System.Globalization;
using System.Text.RegularExpressions;

namespace Omk.Evidence;

/// <summary>
/// Finds the first stack frame that points into the repository in a failure's text: .NET
/// (<c>at X.Y() in /repo/T.cs:line 12</c>), Python tracebacks (<c>File "t.py", line 3</c>), pytest's short form
/// (<c>tests/test_x.py:7: AssertionError</c>) and JavaScript/Go (<c>(/repo/x.test.js:5:10)</c>, <c>x_test.go:12:</c>).
/// </summary>
public static partial class StackFrameLocator
{
    public static (string File, int? Line)? FirstInRepository(string? text, RepoPath paths)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        foreach (var line in text.Split('\n'))
        {
            foreach (Match m in Frame().Matches(line))
            {
                var file = m.Groups["f1"].Success ? m.Groups["f1"].Value : m.Groups["f2"].Success ? m.Groups["f2"].Value : m.Groups["f3"].Value;
                var number = m.Groups["l1"].Success ? m.Groups["l1"].Value : m.Groups["l2"].Success ? m.Groups["l2"].Value : m.Groups["l3"].Value;
                if (paths.ExistingInside(file.Trim()) is { } inside)
                {
                    return (inside, int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null);
                }
            }
        }

        return null;
    }

    [GeneratedRegex(
        """ in (?<f1>.+?):line (?<l1>\d+)|File "(?<f2>[^"]+)", line (?<l2>\d+)|(?<f3>(?:[A-Za-z]:)?[^\s:()"'<>]+\.[A-Za-z0-9]+):(?<l3>\d+)""",
        RegexOptions.CultureInvariant,
        matchTimeoutMilliseconds: 1000)]
    private static partial Regex Frame();
}
