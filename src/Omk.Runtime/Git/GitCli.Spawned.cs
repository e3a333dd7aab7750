using System.Runtime.InteropServices;
using Omk.Processes;

namespace Omk.Git;

/// <summary>git started with <c>posix_spawn</c> (Linux): no <see cref="System.Diagnostics.Process"/>, no socket engine for its pipes.</summary>
public sealed partial class GitCli
{
    private async Task<GitCommandResult> RunSpawnedAsync(List<string> args, IReadOnlyDictionary<string, string>? environment, string? input, CancellationToken cancellationToken)
    {
        var variables = ChildEnvironment.Build(EnvironmentChanges(environment));
        variables.TryGetValue("PATH", out var path);
        var workingDirectory = Path.GetFullPath(WorkingDirectory);
        var git = ProgramLocator.Locate("git", workingDirectory, path, out var notFound)
            ?? throw new GitException($"git could not be started ({notFound}); is git installed and on PATH?");
        if (!Directory.Exists(workingDirectory))
        {
            throw new GitException($"git could not be started: the working directory '{workingDirectory}' does not exist.");
        }

        var argv = new List<string>(args.Count + 2) { "-c", "core.quotepath=off" };
        argv.AddRange(args);
        using var child = PosixSpawner.Start(new SpawnRequest(git, argv, variables, workingDirectory) { WritableInput = input is not null }, out var errno)
            ?? throw new GitException($"git could not be started ({git}: {Marshal.GetPInvokeErrorMessage(errno)}; working directory '{workingDirectory}').");

        // As on the other path: blocking reads on their own threads, the input written on its own thread (bound by the timeout).
        var stdout = Task.Factory.StartNew(() => ReadAll(child.StandardOutput), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        var stderr = Task.Factory.StartNew(() => System.Text.Encoding.UTF8.GetString(ReadAll(child.StandardError)), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        var written = input is null || child.StandardInput is not { } stdin
            ? Task.CompletedTask
            : Task.Factory.StartNew(() => WriteInput(stdin, input), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(_timeout);
        try
        {
            await Task.WhenAll(stdout, stderr, written).WaitAsync(timeoutSource.Token).ConfigureAwait(false);
            await child.WaitForExitAsync(timeoutSource.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            child.Kill();
            cancellationToken.ThrowIfCancellationRequested();
            throw TimedOut(args);
        }

        return new GitCommandResult(child.ExitCode ?? -1, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
    }

    private static void WriteInput(Stream stdin, string input)
    {
        try
        {
            using (stdin)
            {
                stdin.Write(new System.Text.UTF8Encoding(false).GetBytes(input));
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // git stopped reading its input (it failed early, or was killed on timeout): its exit code and stderr say why.
        }
    }
}
