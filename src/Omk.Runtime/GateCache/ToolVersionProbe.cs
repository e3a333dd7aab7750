using System.Collections.Concurrent;
using System.Diagnostics;

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

        var start = new ProcessStartInfo(tokens[0])
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in tokens.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "<not found>";
        }

        process.StandardInput.Close();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            var text = (await stdout.ConfigureAwait(false)).Trim();
            await stderr.ConfigureAwait(false);
            var bounded = text.Length > 4096 ? text[..4096] : text;
            return process.ExitCode == 0 ? bounded : $"<exit {process.ExitCode}> {bounded}";
        }
        catch (OperationCanceledException)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
            }

            cancellationToken.ThrowIfCancellationRequested();
            return "<timed out>";
        }
    }
}
