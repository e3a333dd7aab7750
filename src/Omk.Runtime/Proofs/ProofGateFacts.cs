using System.Globalization;
using Omk.Events.Payloads;

namespace Omk.Proofs;

/// <summary>
/// Sentences and records the proof projection derives from gate evidence: an attempt of a retried gate, the
/// known gaps of a flaky gate and of a partial run, and the one-line summary (which never reads as a
/// contradiction: an allowed or optional failure is named as such).
/// </summary>
internal static class ProofGateFacts
{
    public static ProofGateAttempt Attempt(CommandFinishedPayload p) => new()
    {
        Attempt = p.Attempt ?? 1,
        ExitCode = p.ExitCode,
        TimedOut = p.TimedOut,
        DurationMs = p.DurationMs,
        OutputPath = p.OutputPath,
        Tests = p.Tests,
        FailedTests = p.FailedTestNames,
    };

    public static string FlakyGap(string gate, IReadOnlyList<ProofGateAttempt> attempts)
    {
        var failed = Math.Max(1, attempts.Count - 1);
        var total = Math.Max(2, attempts.Count);
        var tests = attempts.Where(a => a.FailedTests is not null).SelectMany(a => a.FailedTests!).Distinct(StringComparer.Ordinal).Take(5).ToList();
        var which = tests.Count == 0 ? string.Empty : " (failed tests: " + string.Join(", ", tests) + ")";
        return string.Create(CultureInfo.InvariantCulture, $"gate {gate} is flaky: failed {failed} of {total} attempts{which}");
    }

    public static string PartialGap(GateSelectionPayload selection) =>
        $"partial run: filter '{selection.Filter}' selected {Names(selection.Selected)}; not run: {Names(selection.NotSelected)}";

    public static string Summary(
        string runId, string status, int changedFiles, IReadOnlyList<ProofGate> gates, int failures, int retries, GateSelectionPayload? selection)
    {
        var passed = gates.Count(g => g.Status == GateStatus.Passed);
        var failed = gates.Count(g => g.Status == GateStatus.Failed && g.Required);
        var allowed = gates.Count(g => g.Status == GateStatus.Failed && g.AllowFail == true);
        var optional = gates.Count(g => g.Status == GateStatus.Failed && !g.Required && g.AllowFail != true);
        var skipped = gates.Count(g => g.Status == GateStatus.Skipped);
        var flaky = gates.Count(g => g.Flaky == true);
        var counts = new List<string> { $"{passed} passed" };
        if (flaky > 0)
        {
            counts[0] += $" ({flaky} flaky)";
        }

        counts.Add($"{failed} failed");
        if (allowed > 0)
        {
            counts.Add($"{allowed} failed but allowed to fail");
        }

        if (optional > 0)
        {
            counts.Add($"{optional} optional failed");
        }

        counts.Add($"{skipped} skipped");
        var head = selection?.NotSelected is { Count: > 0 }
            ? $"{status} (filter '{selection.Filter}'; not run: {Names(selection.NotSelected)})"
            : status;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"Run {runId}: {head}. {changedFiles} file(s) changed, {gates.Count} gate(s) ({string.Join(", ", counts)}), {failures} failure(s), {retries} retry(ies).");
    }

    // A list read from a damaged or hand-written log may be missing: it names nothing.
    private static string Names(IReadOnlyList<string>? names) => names is not { Count: > 0 } ? "(none)" : string.Join(", ", names);
}
