using System.Text.Json;
using Omk.Gates.Scripts;
using Omk.Proofs;

namespace Omk.Cli.Commands;

/// <summary>
/// The machine-readable outcome of <c>omk proof --result-file F</c>, written in every case (ready, not ready,
/// usage or script error): what the MSBuild task and other hosts read instead of parsing console text.
/// <c>{exit_code, status?, summary?, repo_root, run_dir?, proof_json?, proof_md?, message?, diagnostics[]}</c>.
/// </summary>
public static class ProofResultFile
{
    public static void Write(
        string path,
        int exitCode,
        string repoRoot,
        ProofRunResult? run = null,
        string? message = null,
        IReadOnlyList<GateScriptDiagnostic>? diagnostics = null)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, Storage.JsonFileOptions.Writer(indented: true)))
        {
            json.WriteStartObject();
            json.WriteNumber("exit_code", exitCode);
            if (run is not null)
            {
                json.WriteString("status", run.Proof.Status);
                json.WriteString("summary", run.Proof.Summary);
            }

            json.WriteString("repo_root", repoRoot);
            if (run is not null)
            {
                json.WriteString("run_dir", run.Run.Path);
                json.WriteString("proof_json", run.Run.ProofJsonPath);
                json.WriteString("proof_md", run.Run.ProofMarkdownPath);
            }

            if (message is not null)
            {
                json.WriteString("message", message);
            }

            json.WriteStartArray("diagnostics");
            foreach (var d in diagnostics ?? [])
            {
                json.WriteStartObject();
                json.WriteString("file", Path.GetFullPath(Path.Combine(repoRoot, d.File)));
                json.WriteNumber("line", d.Line);
                json.WriteNumber("column", d.Column);
                json.WriteString("severity", d.Severity);
                json.WriteString("code", d.Code);
                json.WriteString("message", d.Message);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        Storage.AtomicFile.WriteAllBytes(path, stream.ToArray(), durable: false);
    }
}
