using System.Globalization;
using Omk.Proofs;

namespace Omk.Cli.Rendering;

/// <summary>
/// What <c>omk proof</c> prints under the summary for each failed gate: its findings in the canonical
/// <c>file(line,col): error CODE: message</c> form (so terminals and editors can jump to them), its failed tests
/// with their messages and locations, or, when it has neither, the last lines of its output.
/// </summary>
public static class FailedGateReport
{
    private const int MaxItems = 10;
    private const int MaxTail = 5;

    public static void Write(TextWriter output, Proof proof)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(proof);
        foreach (var gate in proof.Gates.Where(g => g.Status == GateStatus.Failed))
        {
            var e = gate.Evidence;
            var why = e.Reason ?? (e.ExitCode is { } code ? $"exit {code}" : "failed");
            var tests = gate.Tests is { } t ? string.Create(CultureInfo.InvariantCulture, $"; tests: {t.Total} total, {t.Passed} passed, {t.Failed} failed, {t.Skipped} skipped") : string.Empty;
            WriteSafe(output, $"gate {gate.Name} failed: {why}{tests}");
            var findings = gate.Findings ?? [];
            foreach (var f in findings.Take(MaxItems))
            {
                var location = f.File is null
                    ? "omk"
                    : f.File + (f.Line is { } l ? "(" + l.ToString(CultureInfo.InvariantCulture) + (f.Column is { } c ? "," + c.ToString(CultureInfo.InvariantCulture) : string.Empty) + ")" : string.Empty);
                WriteSafe(output, $"  {location}: {f.Severity}{(f.Code is null ? string.Empty : " " + f.Code)}: {f.Message}");
            }

            More(output, (gate.FindingsTotal is { } total ? total.Errors + total.Warnings : findings.Count) - Math.Min(MaxItems, findings.Count), "finding(s)");
            var failed = gate.FailedTests ?? [];
            foreach (var test in failed.Take(MaxItems))
            {
                var at = test.File is null ? string.Empty : $" ({test.File}{(test.Line is { } l ? ":" + l.ToString(CultureInfo.InvariantCulture) : string.Empty)})";
                WriteSafe(output, $"  FAIL {test.Name}{at}: {FirstLine(test.Message) ?? "failed"}");
            }

            More(output, (gate.Tests?.Failed ?? failed.Count) - Math.Min(MaxItems, failed.Count), "failed test(s)");
            if (findings.Count == 0 && failed.Count == 0 && e.OutputTail is { Count: > 0 } tail)
            {
                foreach (var line in tail.Skip(Math.Max(0, tail.Count - MaxTail)))
                {
                    WriteSafe(output, "  | " + line);
                }
            }
        }
    }

    // Findings, test messages and output come from the gates: no control sequence of theirs reaches the terminal.
    private static void WriteSafe(TextWriter output, string line) => output.WriteLine(Storage.DisplayText.Strip(line));

    private static void More(TextWriter output, int more, string what)
    {
        if (more > 0)
        {
            WriteSafe(output, $"  … {more} more {what} in proof.md");
        }
    }

    private static string? FirstLine(string? text) =>
        text?.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0);
}
