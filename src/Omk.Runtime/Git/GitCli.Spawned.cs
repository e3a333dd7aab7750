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
        var request = new SpawnRequest(git, argv, variables, workingDirectory) { WritableInput = input is not null, CallerWaits = true };
        using var child = PosixSpawner.Start(request, out var errno)
            ?? throw new GitException($"git could not be started ({git}: {Marshal.GetPInvokeErrorMessage(errno)}; working directory '{workingDirectory}').");

        // The whole call on one thread of its own (never a pool thread: git may run for long): the input written as the
        // pipe takes it, both outputs read with one poll, the exit awaited there; the timeout and cancellation kill git's tree.
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(_timeout);
        var bytes = input is null ? null : new System.Text.UTF8Encoding(false).GetBytes(input);
        var run = await Task.Factory.StartNew(
            () => SpawnedCapture.Run(child, bytes, timeoutSource.Token), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false);
        if (run.Stopped)
        {
            cancellationToken.ThrowIfCancellationRequested();
            throw TimedOut(args);
        }

        return new GitCommandResult(run.ExitCode, run.Output, System.Text.Encoding.UTF8.GetString(run.Errors));
    }
}
