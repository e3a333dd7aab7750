using Omk.Events.Payloads;

namespace Omk.Proofs;

/// <summary>
/// Evidence as the log holds it may be damaged or written by another tool: a missing list, a null name. The fold
/// keeps what is usable (a selection with lists, findings with a severity and message, failed tests with a name)
/// and drops the rest, so a projection never throws on content.
/// </summary>
internal static class EvidencePayloadCheck
{
    public static GateSelectionPayload? Selection(GateSelectionPayload? s) => s is null
        ? null
        : new GateSelectionPayload(s.Filter ?? "(unknown)", Names(s.Selected) ?? [], Names(s.NotSelected) ?? []);

    public static IReadOnlyList<Finding>? Findings(IReadOnlyList<Finding>? findings) =>
        findings?.Where(f => f is not null)
            .Select(f => f with { Severity = f.Severity ?? "error", Message = f.Message ?? string.Empty })
            .ToList() is { Count: > 0 } list ? list : null;

    public static IReadOnlyList<FailedTest>? FailedTests(IReadOnlyList<FailedTest>? tests) =>
        tests?.Where(t => t is not null).Select(t => t with { Name = t.Name ?? "(unnamed test)" }).ToList() is { Count: > 0 } list ? list : null;

    public static IReadOnlyList<string>? Names(IReadOnlyList<string>? names) => names?.Where(n => n is not null).ToList();
}
