using Omk.Gates;
using Omk.Git;
using Omk.Teams;
using Omk.Workspaces;

namespace Omk.Goals;

/// <summary>
/// Runs all the repository's declared gates on an integrated commit in a fresh, detached worktree (outside the
/// repository, removed afterwards), with the same runner and evidence as a team task's gates: a run of its own under
/// <c>verify/round-R/</c> of the goal.
/// </summary>
public sealed class GoalVerification(string repoRoot, string? worktreeRoot, GateSet declared, ICodeGateLauncher? codeGates, TimeProvider time)
{
    public sealed record Outcome(bool Passed, IReadOnlyList<GoalGateResult> Gates, IReadOnlyList<string> Findings, string ProofPath, double GateSeconds);

    public string WorktreePath(string goalId, string name) => Path.Combine(WorktreeLocation.RepositoryDirectory(repoRoot, worktreeRoot), goalId, name);

    /// <summary>
    /// A detached worktree of <paramref name="commit"/>: an earlier one of the same name is replaced, or, with
    /// <paramref name="reuse"/>, kept when it is at that commit already (the reviewer reads the tree the gates just judged).
    /// </summary>
    public async Task<string> CheckoutAsync(string goalId, string name, string commit, CancellationToken cancellationToken, bool reuse = false)
    {
        var path = WorktreePath(goalId, name);
        if (reuse && File.Exists(Path.Combine(path, ".git")))
        {
            var head = await new GitCli(path).RunAsync(["rev-parse", "HEAD"], cancellationToken).ConfigureAwait(false);
            if (head.Succeeded && head.StdoutText.Trim() == commit)
            {
                return path;
            }
        }

        if (Directory.Exists(path))
        {
            await RemoveAsync(path, cancellationToken).ConfigureAwait(false);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);

        // --force: a registration left behind by a worktree deleted by hand (no directory) is taken over, without a prune first.
        var add = await new GitCli(repoRoot, TimeSpan.FromMinutes(5)).RunAsync(["worktree", "add", "--quiet", "--force", "--detach", path, commit], cancellationToken).ConfigureAwait(false);
        if (!add.Succeeded)
        {
            throw new GitException($"git worktree add of {commit} for the goal failed: {add.Stderr.Trim()}");
        }

        return path;
    }

    /// <summary>Removes a detached worktree of the goal (it holds no work of its own: its commit is on the integration branch).</summary>
    public async Task RemoveAsync(string path, CancellationToken cancellationToken)
    {
        var git = new GitCli(repoRoot, TimeSpan.FromMinutes(2));
        if (Directory.Exists(path))
        {
            await git.RunAsync(["worktree", "remove", "--force", "--force", path], cancellationToken).ConfigureAwait(false);
        }

        await git.RunAsync(["worktree", "prune"], cancellationToken).ConfigureAwait(false);
    }

    public async Task<Outcome> RunAsync(string goalId, string goalDirectory, int round, string baseCommit, string commit, IReadOnlyList<string> changedFiles, CancellationToken cancellationToken)
    {
        // Kept after the gates (the reviewer reads the same tree); the controller removes it when it stops.
        var worktree = await CheckoutAsync(goalId, IntegrationWorktree, commit, cancellationToken).ConfigureAwait(false);
        {
            var settings = new TaskWorkerSettings
            {
                RunId = goalId,
                RunDirectory = goalDirectory,
                BaseCommit = baseCommit,
                Worktrees = new WorktreePool(repoRoot, worktreeRoot),
                DeclaredGates = declared,
                Agent = _ => throw new InvalidOperationException("verification starts no agent"),
                CodeGates = codeGates,
            };
            var directory = Path.Combine(goalDirectory, "verify", $"round-{round}");
            var started = time.GetTimestamp();
            var (outcomes, proof) = await TaskGateRound.RunAsync(
                new GateSet(declared.Gates, "the repository's declared gates"), worktree, directory, $"{goalId}.verify", 1, round, changedFiles, settings, time, cancellationToken).ConfigureAwait(false);
            var findings = TaskGateRound.Findings(outcomes);
            var gates = outcomes.Select(o => new GoalGateResult(o.Gate.Name, o.Status, o.Gate.IsRequired, o.Reason)).ToList();
            return new Outcome(findings.Count == 0, gates, findings, $"verify/round-{round}/{proof}", time.GetElapsedTime(started).TotalSeconds);
        }
    }

    /// <summary>The name of the worktree of the integration head (gates, then the reviewer).</summary>
    public const string IntegrationWorktree = "integration";
}
