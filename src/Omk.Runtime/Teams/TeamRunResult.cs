using Omk.Runs;

namespace Omk.Teams;

/// <summary>A team run that ended (or was found ended): its directory, its proof and the folded log.</summary>
public sealed record TeamRunResult(RunDirectory Run, TeamProof Proof, TeamView View, bool AlreadyFinished = false)
{
    /// <summary>The removal of its completed tasks' clean worktrees: still running with <see cref="TeamRunRequest.DeferCleanup"/>, else done.</summary>
    public Task Cleanup { get; init; } = Task.CompletedTask;
}
