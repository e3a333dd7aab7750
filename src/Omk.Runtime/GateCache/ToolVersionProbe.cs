using System.Collections.Concurrent;
using Omk.Processes;

namespace Omk.GateCache;

/// <summary>
/// Runs the version commands gates declare (<c>toolVersion "dotnet --version"</c>), each distinct command once per run,
/// and answers its output (stdout, trimmed, at most 4 KiB) as part of the gates' input keys. A command that cannot start,
/// fails or takes over 30 s answers a marker saying so, which still keys the gate (it simply will not match a run where
/// the tool worked).
/// </summary>
public sealed class ToolVersionProbe(string workingDirectory)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<string>>> _answers = new(StringComparer.Ordinal);

    public Task<string> VersionAsync(string command, CancellationToken cancellationToken) =>
        _answers.GetOrAdd(command, c => new Lazy<Task<string>>(() => ProbeAsync(c, cancellationToken))).Value;

    private async Task<string> ProbeAsync(string command, CancellationToken cancellationToken)
    {
        var (tokens, error) = Gates.CommandTokenizer.Split(command);
        if (error is not null || tokens.Count == 0)
        {
            return "<invalid: " + (error ?? "empty") + ">";
        }

        // Through the runner like every process omk starts: its own group, its tree killed on timeout and cancel.
        var result = await new ProcessRunner().RunAsync(
            new ProcessSpec(new ProcessCommand(tokens[0], tokens.Skip(1).ToList()), workingDirectory) { Timeout = TimeSpan.FromSeconds(30) },
            cancellationToken).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        if (result.StartError is not null)
        {
            return "<not found>";
        }

        if (result.TimedOut)
        {
            return "<timed out>";
        }

        var text = result.StdoutTail.Trim();
        var bounded = text.Length > 4096 ? text[..4096] : text;
        return result.ExitCode == 0 ? bounded : $"<exit {result.ExitCode}> {bounded}";
    }
}
