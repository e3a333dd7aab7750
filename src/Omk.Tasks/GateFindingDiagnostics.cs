using System.Text.Json;
using Microsoft.Build.Utilities;

namespace Omk.Tasks;

/// <summary>
/// Logs a failed gate's findings as MSBuild diagnostics at their source file, line and column with their own code
/// (<c>src/X.cs(68,13): error CS1002: ; expected</c>), so IDEs and CI problem matchers place them, and its failed
/// tests as <c>OMK004</c> errors at the test's file and line. Returns how many it logged: a gate with none is
/// reported at its declaration instead.
/// </summary>
internal static class GateFindingDiagnostics
{
    public const int MaxPerGate = 100;

    public static int Report(TaskLoggingHelper log, JsonElement gate, string repoRoot, bool asWarnings)
    {
        var name = gate.TryGetProperty("name", out var n) ? n.GetString() : "?";
        var logged = 0;
        foreach (var finding in Array(gate, "findings"))
        {
            var file = FullPath(repoRoot, Text(finding, "file"));
            var line = Int(finding, "line");
            var column = Int(finding, "column");
            var code = Text(finding, "code");
            var message = Text(finding, "message") ?? string.Empty;
            if (!asWarnings && Text(finding, "severity") == "error")
            {
                log.LogError(null, code, null, file, line, column, 0, 0, "{0}", message);
            }
            else
            {
                log.LogWarning(null, code, null, file, line, column, 0, 0, "{0}", message);
            }

            if (++logged >= MaxPerGate)
            {
                return logged;
            }
        }

        foreach (var test in Array(gate, "failed_tests"))
        {
            var file = FullPath(repoRoot, Text(test, "file"));
            var line = Int(test, "line");
            var message = $"test {Text(test, "name")} failed (gate '{name}'){(Text(test, "message") is { } m ? ": " + FirstLines(m) : string.Empty)}";
            if (asWarnings)
            {
                log.LogWarning(null, "OMK004", null, file, line, line > 0 ? 1 : 0, 0, 0, "{0}", message);
            }
            else
            {
                log.LogError(null, "OMK004", null, file, line, line > 0 ? 1 : 0, 0, 0, "{0}", message);
            }

            if (++logged >= MaxPerGate)
            {
                return logged;
            }
        }

        return logged;
    }

    private static IEnumerable<JsonElement> Array(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Array ? value.EnumerateArray() : [];

    private static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static int Int(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt32() : 0;

    private static string? FullPath(string repoRoot, string? file) =>
        file is null ? null : Path.IsPathRooted(file) ? file : Path.GetFullPath(Path.Combine(repoRoot, file));

    // MSBuild diagnostics are one line each: the message's first lines, joined.
    private static string FirstLines(string text) =>
        string.Join(" ", text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).Take(4));
}
