using System.Text.Json;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Omk.Tasks;

/// <summary>
/// Reports an <c>omk proof --result-file</c> outcome through MSBuild: each failed required gate an <c>OMK001</c>
/// error at the gate's declaration, allowed failures <c>OMK002</c> warnings, script errors at their file, line and
/// column, and a high-importance message with the verdict and the proof's path. When not ready it fails the
/// build, unless <see cref="FailOnNotReady"/> is false (errors then become warnings).
/// </summary>
public sealed class OmkReportProof : Microsoft.Build.Utilities.Task
{
    /// <summary>The JSON file omk wrote.</summary>
    [Required]
    public string ResultFile { get; set; } = string.Empty;

    /// <summary>omk's exit code, for when it wrote no result.</summary>
    public int ExitCode { get; set; }

    public bool FailOnNotReady { get; set; } = true;

    /// <summary>The solution or project MSBuild was given: where diagnostics that belong to no gate's file are shown.</summary>
    public string EntryFile { get; set; } = string.Empty;

    /// <summary>The verdict: <c>ready</c>, <c>not_ready</c>, <c>failed</c> or <c>error</c>.</summary>
    [Output]
    public string Status { get; private set; } = "error";

    /// <summary>The proof's markdown file, when a run happened.</summary>
    [Output]
    public string ProofPath { get; private set; } = string.Empty;

    public override bool Execute()
    {
        if (!File.Exists(ResultFile))
        {
            Log.LogError(null, "OMK000", null, Entry, 0, 0, 0, 0, "omk exited with code {0} without writing its result ({1}); see its output above.", ExitCode, ResultFile);
            return false;
        }

        var bytes = File.ReadAllBytes(ResultFile);
        File.Delete(ResultFile); // a temporary file: read once
        using var document = JsonDocument.Parse(bytes);
        var result = document.RootElement;
        if (!result.TryGetProperty("status", out var status))
        {
            ReportUsageError(result);
            return false;
        }

        Status = status.GetString() ?? "error";
        ProofPath = Text(result, "proof_md") ?? string.Empty;
        var repoRoot = Text(result, "repo_root") ?? string.Empty;
        var proofJson = Text(result, "proof_json");
        var ready = Status == "ready" || Status == "partial"; // partial: every selected gate passed; said below
        var gates = string.Empty;
        var reported = 0;
        if (proofJson is not null && File.Exists(proofJson))
        {
            using var proof = JsonDocument.Parse(File.ReadAllBytes(proofJson));
            reported = ReportGates(proof.RootElement, repoRoot, Text(result, "run_dir"), blocking: !ready && FailOnNotReady);
            gates = string.Join(", ", proof.RootElement.GetProperty("gates").EnumerateArray().Select(g => $"{Text(g, "name")} {Text(g, "status")}"));
            if (!ready && reported == 0)
            {
                // Not ready without a failed required gate (a required gate skipped behind a failed optional one, no gates...): say why.
                Report(!FailOnNotReady, "OMK003", null, 0, "Omk proof {0}: {1}", Status, string.Join("; ", Strings(proof.RootElement, "known_gaps")));
            }

            if (Status == "partial")
            {
                Log.LogWarning(null, "OMK005", null, Entry, 0, 0, 0, 0, "partial: {0}", Strings(proof.RootElement, "known_gaps").FirstOrDefault() ?? "not every gate ran");
            }
        }
        else if (!ready)
        {
            Report(!FailOnNotReady, "OMK003", null, 0, "Omk proof {0}: {1}", Status, Text(result, "summary") ?? "no proof was written");
        }

        // "<project> -> <text>" is the line MSBuild's terminal logger keeps on the project's summary line (as it does for
        // a project's output path), so the verdict and the proof path show in every logger, not only in verbose ones.
        Log.LogMessage(
            MessageImportance.High,
            "{0} -> Omk proof {1}{2}: {3}",
            Path.GetFileNameWithoutExtension(BuildEngine?.ProjectFileOfTaskNode ?? "Omk.Tasks.Proof"),
            Status,
            gates.Length == 0 ? " (no gates)" : $" ({gates})",
            ProofPath);
        Log.LogMessage(MessageImportance.High, "Omk proof: {0}. {1} Proof: {2}", Status, Text(result, "summary"), ProofPath);
        return ready || !FailOnNotReady;
    }

    private string? Entry => string.IsNullOrEmpty(EntryFile) ? null : EntryFile;

    private void ReportUsageError(JsonElement result)
    {
        var diagnostics = result.TryGetProperty("diagnostics", out var d) ? d.EnumerateArray().ToList() : [];
        foreach (var diagnostic in diagnostics)
        {
            var file = Text(diagnostic, "file");
            var line = diagnostic.GetProperty("line").GetInt32();
            var column = diagnostic.GetProperty("column").GetInt32();
            var code = Text(diagnostic, "code") ?? "OMK000";
            var message = Text(diagnostic, "message") ?? string.Empty;
            if (Text(diagnostic, "severity") == "error")
            {
                Log.LogError(null, code, null, file, line, column, 0, 0, "{0}", message);
            }
            else
            {
                Log.LogWarning(null, code, null, file, line, column, 0, 0, "{0}", message);
            }
        }

        if (Text(result, "message") is { } text)
        {
            Log.LogError(null, "OMK000", null, Entry, 0, 0, 0, 0, "omk: {0}", text);
        }
        else if (diagnostics.Count == 0)
        {
            Log.LogError(null, "OMK000", null, Entry, 0, 0, 0, 0, "omk failed (exit code {0}); see its output above.", ExitCode);
        }

        Log.LogMessage(MessageImportance.High, "Omk proof: no gate ran (the gates could not be loaded).");
    }

    // Reports each failed gate; returns how many failed required gates were reported.
    private int ReportGates(JsonElement proof, string repoRoot, string? runDirectory, bool blocking)
    {
        var required = 0;
        foreach (var gate in proof.GetProperty("gates").EnumerateArray())
        {
            if (Text(gate, "status") != "failed")
            {
                continue;
            }

            var name = Text(gate, "name");
            var evidence = gate.GetProperty("evidence");
            var isRequired = gate.GetProperty("required").GetBoolean();
            if (GateFindingDiagnostics.Report(Log, gate, repoRoot, asWarnings: !blocking || !isRequired) > 0)
            {
                // The findings are the diagnostics, at their own source lines.
                required += isRequired ? 1 : 0;
                continue;
            }

            string why;
            string? detail;
            if (Text(gate, "kind") == "code")
            {
                // A code gate's own Fail message says what is wrong; its exit code and console output do not.
                why = "code gate";
                detail = FirstLine(Text(evidence, "message")) ?? FirstLine(Text(evidence, "reason"));
            }
            else
            {
                why = evidence.TryGetProperty("exit_code", out var exit) && exit.ValueKind == JsonValueKind.Number
                    ? $"exit {exit.GetInt32()}"
                    : Text(evidence, "reason") ?? "failed";
                detail = FirstLine(Text(evidence, "stderr_summary")) ?? FirstLine(Text(evidence, "stdout_summary")) ?? FirstLine(Text(evidence, "message"));
            }

            var log = Text(evidence, "output_path") is { } relative && runDirectory is not null ? Path.GetFullPath(Path.Combine(runDirectory, relative)) : null;

            var file = Text(gate, "source_file") is { } source ? Path.GetFullPath(Path.Combine(repoRoot, source)) : null;
            var line = gate.TryGetProperty("source_line", out var l) ? l.GetInt32() : 0;
            var message = $"gate '{name}' failed ({why}){(detail is null ? string.Empty : ": " + detail)}{(log is null ? string.Empty : $" [log: {log}]")}";
            if (isRequired)
            {
                Report(!blocking, "OMK001", file, line, "{0}", message);
                required++;
            }
            else
            {
                Log.LogWarning(null, "OMK002", null, file ?? Entry, line, line > 0 ? 1 : 0, 0, 0, "{0} (allowed to fail)", message);
            }
        }

        return required;
    }

    private void Report(bool asWarning, string code, string? file, int line, string format, params object[] args)
    {
        file ??= Entry;
        var column = line > 0 ? 1 : 0;
        if (asWarning)
        {
            Log.LogWarning(null, code, null, file, line, column, 0, 0, format, args);
        }
        else
        {
            Log.LogError(null, code, null, file, line, column, 0, 0, format, args);
        }
    }

    private static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static IEnumerable<string> Strings(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray().Select(v => v.GetString() ?? string.Empty)
            : [];

    private static string? FirstLine(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null : text.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0);
}
