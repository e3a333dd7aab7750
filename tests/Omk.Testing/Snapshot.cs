using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;
using Xunit.Sdk;

namespace Omk.Testing;

/// <summary>
/// Golden files in Verify's layout (Verify itself is not served here): <c>__snapshots__/&lt;TestFile&gt;.&lt;Test&gt;[.suffix].verified.txt</c>
/// next to the test. A mismatch writes <c>.received.txt</c> and fails with a diff. <c>OMK_ACCEPT=1</c> accepts the
/// received text, except under <c>CI=true</c>, where a missing or different snapshot always fails.
/// </summary>
public static partial class Snapshot
{
    public static void Match(
        string actual,
        string? suffix = null,
        IReadOnlyDictionary<string, string>? replacements = null,
        [CallerFilePath] string file = "",
        [CallerMemberName] string name = "")
    {
        var directory = Path.Combine(Path.GetDirectoryName(file)!, "__snapshots__");
        var stem = Path.Combine(directory, $"{Path.GetFileNameWithoutExtension(file)}.{name}{(suffix is null ? string.Empty : "." + suffix)}");
        var verifiedPath = stem + ".verified.txt";
        var receivedPath = stem + ".received.txt";
        var received = Scrub(actual, replacements);
        var verified = File.Exists(verifiedPath) ? File.ReadAllText(verifiedPath).Replace("\r\n", "\n", StringComparison.Ordinal) : null;
        if (verified == received)
        {
            File.Delete(receivedPath);
            return;
        }

        var ci = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        if (Environment.GetEnvironmentVariable("OMK_ACCEPT") == "1" && !ci)
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(verifiedPath, received);
            File.Delete(receivedPath);
            return;
        }

        Directory.CreateDirectory(directory);
        File.WriteAllText(receivedPath, received);
        throw new XunitException(verified is null
            ? $"No snapshot {verifiedPath}. Received text written to {receivedPath}; accept it with OMK_ACCEPT=1 dotnet test."
            : $"Snapshot mismatch: {verifiedPath}\n{Diff(verified, received)}\nReceived text written to {receivedPath}; accept with OMK_ACCEPT=1 dotnet test.");
    }

    /// <summary>Line endings to '\n', trailing spaces trimmed, then the given literal replacements (longest first).</summary>
    public static string Scrub(string text, IReadOnlyDictionary<string, string>? replacements = null)
    {
        var result = text.Replace("\r\n", "\n", StringComparison.Ordinal);
        foreach (var (from, to) in (replacements ?? new Dictionary<string, string>()).OrderByDescending(p => p.Key.Length))
        {
            result = result.Replace(from, to, StringComparison.Ordinal);
        }

        result = TrailingSpace().Replace(result, string.Empty);
        return result.EndsWith('\n') ? result : result + "\n";
    }

    /// <summary>A small line diff: the first differing region with a little context.</summary>
    public static string Diff(string expected, string actual)
    {
        var a = expected.Split('\n');
        var b = actual.Split('\n');
        var first = 0;
        while (first < a.Length && first < b.Length && a[first] == b[first])
        {
            first++;
        }

        var endA = a.Length - 1;
        var endB = b.Length - 1;
        while (endA >= first && endB >= first && a[endA] == b[endB])
        {
            endA--;
            endB--;
        }

        var sb = new StringBuilder();
        sb.Append("@@ line ").Append(first + 1).Append(" @@\n");
        for (var i = Math.Max(0, first - 2); i < first; i++)
        {
            sb.Append("  ").Append(a[i]).Append('\n');
        }

        for (var i = first; i <= endA && i < first + 40; i++)
        {
            sb.Append("- ").Append(a[i]).Append('\n');
        }

        for (var i = first; i <= endB && i < first + 40; i++)
        {
            sb.Append("+ ").Append(b[i]).Append('\n');
        }

        return sb.ToString();
    }

    [GeneratedRegex("[ \t]+(?=\n)")]
    private static partial Regex TrailingSpace();
}
