using System.Runtime.InteropServices;
using Omk.Processes;

namespace Omk.Git;

/// <summary>git started with <c>posix_spawn</c> (Linux): no <see cref="System.Diagnostics.Process"/>, no socket engine for its pipes.</summary>
public sealed partial class GitCli
{
    /// <summary>How long a git call runs on its caller's thread before it moves to a thread of its own.</summary>
    private static readonly TimeSpan InlineBudget = TimeSpan.FromMilliseconds(10);

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

        // One thread at a time: the input written as the pipe takes it, both outputs read with one poll, the exit awaited
        // there. A short call (most are 1-2 ms of git) runs on the caller's thread; one still running after the inline budget
        // goes on to a thread of its own, so a long one holds a pool thread 10 ms at most. Timeout and cancellation kill its tree
        // (the timeout checked by the pumping thread: no timer for a call of a millisecond).
        var capture = SpawnedCapture.Start(child, input is null ? null : new System.Text.UTF8Encoding(false).GetBytes(input), cancellationToken, _timeout);
        var run = capture.Pump(InlineBudget)
            ? capture.Finish()
            : await Task.Factory.StartNew(
                () =>
                {
                    _ = capture.Pump(Timeout.InfiniteTimeSpan);
                    return capture.Finish();
                },
                CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false);
        if (run.Stopped)
        {
            cancellationToken.ThrowIfCancellationRequested();
            throw TimedOut(args);
        }

        return new GitCommandResult(run.ExitCode, run.Output, System.Text.Encoding.UTF8.GetString(run.Errors));
    }
}
