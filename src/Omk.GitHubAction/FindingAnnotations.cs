using Omk.Proofs;

namespace Omk.GitHubAction;

/// <summary>
/// The annotations of a failed gate's evidence: each finding at its file, line and column (titled with its code),
/// each failed test at its file and line with its message. An error finding of a gate that may fail is a warning.
/// Findings without a file inside the repository are left to the gate's own annotation.
/// </summary>
public static class FindingAnnotations
{
    public static IEnumerable<GateAnnotation> For(ProofGate gate, bool blocking, string? pathPrefix)
    {
        ArgumentNullException.ThrowIfNull(gate);
        foreach (var f in gate.Findings ?? [])
        {
            if (f.File is not { } file || Path.IsPathRooted(file) || file.StartsWith("..", StringComparison.Ordinal))
            {
                continue;
            }

            var kind = f.Severity == "error" && blocking ? "error" : "warning";
            var title = $"omk: {f.Code ?? f.Severity} (gate {gate.Name})";
            yield return new GateAnnotation(kind, title, f.Message, Prefixed(file, pathPrefix), f.Line) { Column = f.Column, Source = file };
        }

        foreach (var t in gate.FailedTests ?? [])
        {
            if (t.File is not { } file)
            {
                continue;
            }

            var message = $"Test {t.Name} failed{(t.Message is { } m ? ":\n" + m : ".")}";
            yield return new GateAnnotation(blocking ? "error" : "warning", $"omk: test failed (gate {gate.Name})", message, Prefixed(file, pathPrefix), t.Line) { Source = file };
        }
    }

    private static string Prefixed(string file, string? prefix) =>
        (prefix is null ? file : prefix + "/" + file).Replace('\\', '/');
}
