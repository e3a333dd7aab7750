using System.Globalization;
using Omk.Events.Payloads;

namespace Omk.Evidence;

/// <summary>
/// What a gate's evidence does to its verdict and to its recorded result: a test gate that ran no test fails
/// ("no tests ran"), one whose results hold failed tests fails even when its command exited 0; findings, test
/// counts, failed tests and (when it failed) the output's last lines go into the gate's result payload.
/// </summary>
public static class GateEvidenceVerdict
{
    public const string NoTestsRan = "no tests ran";

    public static (bool Passed, string? Reason) Apply(GateEvidence evidence, bool passed, string? reason)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        var unreadable = evidence.Tests is { Unreadable.Count: > 0 } u ? $" ({u.Unreadable.Count} result file(s) unreadable: {u.Unreadable[0]})" : string.Empty;
        // A command that failed before writing any result (a build error) has no test evidence either way.
        if (evidence.NoTestsRan && (passed || evidence.Tests!.Files.Count > 0))
        {
            var where = evidence.Tests!.Files.Count == 0 ? "no test result file was written" : "the test results hold no test";
            var why = $"{NoTestsRan}: {where}{unreadable}";
            return (false, passed ? why : $"{reason}; {why}");
        }

        if (passed && evidence.Tests is { Counts.Failed: > 0 } t)
        {
            return (false, string.Create(CultureInfo.InvariantCulture, $"{t.Counts.Failed} test(s) failed (the command exited 0)"));
        }

        return (passed, reason);
    }

    public static GateResultPayload Attach(GateEvidence evidence, GateResultPayload payload, bool passed)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        ArgumentNullException.ThrowIfNull(payload);
        return payload with
        {
            Tests = evidence.Tests is { } tests && (passed || tests.Files.Count > 0 || evidence.NoTestsRan && evidence.Findings.Count == 0) ? tests.Counts : null,
            FailedTests = evidence.Tests is { FailedTests.Count: > 0 } t ? t.FailedTests : null,
            Findings = evidence.Findings.Count > 0 ? evidence.Findings : null,
            FindingsTotal = evidence.FindingsCapped ? evidence.Totals : null,
            OutputTail = !passed && evidence.Tail.Count > 0 ? evidence.Tail : null,
        };
    }

    /// <summary>A code gate's own values plus how the test results were obtained.</summary>
    public static IReadOnlyDictionary<string, string>? Values(GateEvidence evidence, IReadOnlyDictionary<string, string>? values)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        if (evidence.AddedArguments is null && evidence.Tests is null)
        {
            return values;
        }

        var merged = values is null ? new Dictionary<string, string>(StringComparer.Ordinal) : new Dictionary<string, string>(values, StringComparer.Ordinal);
        if (evidence.AddedArguments is { } added)
        {
            merged["omk_added_arguments"] = added + " (for structured test results)";
        }

        if (evidence.Tests is { } tests)
        {
            merged["test_result_files"] = tests.Files.Count == 0 ? "(none)" : string.Join(", ", tests.Files);
            if (tests.Unreadable.Count > 0)
            {
                merged["unreadable_result_files"] = string.Join("; ", tests.Unreadable);
            }
        }

        return merged;
    }
}
