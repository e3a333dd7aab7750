using System.Diagnostics;

namespace Omk.Git;

/// <summary>
/// Runs the git CLI with a stable, non-interactive environment (<c>LC_ALL=C</c>, no prompts, no pager,
/// unquoted paths) and captures its whole output. Git's outputs used here are small; gates use the
/// process runner instead. On Linux git is started with <c>posix_spawn</c> (<see cref="Processes.PosixSpawner"/>), elsewhere
/// through <see cref="Process"/>; either way it stays in omk's session and process group, and a timeout kills its tree.
/// </summary>
public sealed partial class GitCli(string workingDirectory, TimeSpan? timeout = null)
{
    private readonly TimeSpan _timeout = timeout ?? TimeSpan.FromSeconds(30);

    public string WorkingDirectory { get; } = workingDirectory;

    public Task<GitCommandResult> RunAsync(IEnumerable<string> arguments, CancellationToken cancellationToken = default) =>
        RunAsync(arguments, null, cancellationToken);

    /// <summary>Runs git with <paramref name="environment"/> added to its environment (e.g. <c>GIT_INDEX_FILE</c>).</summary>
    public Task<GitCommandResult> RunAsync(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment, CancellationToken cancellationToken = default) =>
        RunAsync(arguments, environment, null, cancellationToken);

    /// <summary>Runs git with <paramref name="environment"/> added and <paramref name="input"/> (UTF-8) on its standard input.</summary>
    public Task<GitCommandResult> RunAsync(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment, string? input, CancellationToken cancellationToken = default)
    {
        var args = arguments.ToList();
        return Processes.PosixSpawnLibrary.IsAvailable
            ? RunSpawnedAsync(args, environment, input, cancellationToken)
            : RunProcessAsync(args, environment, input, cancellationToken);
    }

    private async Task<GitCommandResult> RunProcessAsync(List<string> args, IReadOnlyDictionary<string, string>? environment, string? input, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo("git")
        {
            WorkingDirectory = WorkingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add("-c");
        startInfo.ArgumentList.Add("core.quotepath=off");
        foreach (var a in args)
        {
            startInfo.ArgumentList.Add(a);
        }

        foreach (var (key, value) in EnvironmentChanges(environment))
        {
            startInfo.Environment[key] = value;
        }

        using var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new GitException($"git could not be started ({ex.Message}); is git installed and on PATH?", ex);
        }

        // Blocking reads on their own threads: asynchronous pipe reads would start the runtime's socket engine (an
        // assembly, a thread and dozens of just-in-time compiled methods) in every short-lived omk process for a few bytes.
        var stdout = Task.Factory.StartNew(() => ReadAll(process.StandardOutput.BaseStream), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        var stderr = Task.Factory.StartNew(() => System.Text.Encoding.UTF8.GetString(ReadAll(process.StandardError.BaseStream)), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(_timeout);

        // The input is written on its own thread too, so that a git that stops reading it is still bound by the timeout.
        var written = Task.CompletedTask;
        if (input is null)
        {
            WriteInput(process, null);
        }
        else
        {
            written = Task.Factory.StartNew(() => WriteInput(process, input), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }

        try
        {
            await Task.WhenAll(stdout, stderr, written).WaitAsync(timeoutSource.Token).ConfigureAwait(false);
            await process.WaitForExitAsync(timeoutSource.Token).ConfigureAwait(false);
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
            throw TimedOut(args);
        }

        return new GitCommandResult(process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
    }

    public Task<GitCommandResult> RunAsync(params string[] arguments) => RunAsync(arguments, CancellationToken.None);

    /// <summary>What git's environment changes from omk's: a stable, non-interactive git, then the caller's variables.</summary>
    private static List<KeyValuePair<string, string?>> EnvironmentChanges(IReadOnlyDictionary<string, string>? environment)
    {
        var changes = new List<KeyValuePair<string, string?>>
        {
            new("LC_ALL", "C"), new("GIT_TERMINAL_PROMPT", "0"), new("GIT_PAGER", "cat"), new("GIT_OPTIONAL_LOCKS", "0"),
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            changes.Add(new(key, value));
        }

        return changes;
    }

    private GitException TimedOut(List<string> args) =>
        new($"git {string.Join(' ', args)} timed out after {_timeout.TotalSeconds:0} s in '{WorkingDirectory}'.");

    private static void WriteInput(Process process, string? input)
    {
        try
        {
            if (input is not null)
            {
                process.StandardInput.BaseStream.Write(new System.Text.UTF8Encoding(false).GetBytes(input));
            }

            process.StandardInput.Close();
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // git stopped reading its input (it failed early, or was killed on timeout): its exit code and stderr say why.
        }
    }

    private static byte[] ReadAll(Stream stream)
    {
        using var buffer = new MemoryStream();
        try
        {
            stream.CopyTo(buffer);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // The pipe broke or was closed (git killed on timeout): what was read is what there is.
        }

        return buffer.ToArray();
    }
}
