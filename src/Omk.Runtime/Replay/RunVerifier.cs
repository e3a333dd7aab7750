using System.Text.Json;
using Omk.Events;
using Omk.Events.Payloads;
using Omk.Gates;
using Omk.Git;
using Omk.Processes;
using Omk.Proofs;
using Omk.Runs;
using Omk.Workspaces;

namespace Omk.Replay;

/// <summary>
/// Re-verifies a proof run: a fresh worktree (outside the repository) at the recorded commit, the recorded dirty patch
/// applied and the resulting tree checked against the recorded one, the same gates declared again (the recorded
/// <c>--gate</c>, <c>--after</c>, <c>--gates-dir</c>, filter...), and run as a new proof run (<c>verifies_run</c>) without
/// reusing any cached result, each gate given one more attempt when it fails; then each gate is compared with the
/// original outcome.
/// </summary>
public sealed class RunVerifier(ProcessRunner processes, TimeProvider time, ICodeGateLauncher? codeGates = null)
{
    public async Task<RunVerification> VerifyAsync(
        RunDirectory original, string repoRoot, string? stateRoot, IReadOnlyList<string> onlyGates, Action<Event>? observer = null, CancellationToken cancellationToken = default)
    {
        var started = ReadRunStarted(original);
        var commit = started.Commit ?? throw new RunVerificationException($"run {original.RunId} recorded no commit: there is no tree to re-verify it on.");
        var topLevel = GitDiscovery.FindTopLevel(repoRoot) ?? (await GitRepository.OpenAsync(repoRoot, cancellationToken).ConfigureAwait(false))?.TopLevel
            ?? throw new RunVerificationException($"'{repoRoot}' is not inside a git repository: the recorded commit cannot be checked out.");
        var patch = PatchOf(original, started);
        var originalProof = ProofProjection.Fold(EventReader.Read(original.EventsPath), null, original.RunId.Value);

        await using var worktree = await VerificationWorktree.CreateAsync(topLevel, $"{original.RunId.Value}-{Guid.NewGuid():N}"[..(original.RunId.Value.Length + 9)], commit, null, cancellationToken)
            .ConfigureAwait(false);
        if (patch is not null && await DirtyPatch.ApplyAsync(patch, worktree.Path, cancellationToken).ConfigureAwait(false) is { } error)
        {
            throw new RunVerificationException($"the recorded patch {patch} does not apply to {commit[..Math.Min(12, commit.Length)]}: {error}");
        }

        if (started.Tree is { } recorded && (await WorkTreeHash.ComputeAsync(worktree.Path, statusPaths: null, cancellationToken).ConfigureAwait(false))?.Tree is { } rebuilt && rebuilt != recorded)
        {
            throw new RunVerificationException($"the rebuilt tree {rebuilt} is not the tree run {original.RunId} judged ({recorded}).");
        }

        var root = RootIn(worktree.Path, topLevel, started.ProjectDir);
        // The gates the run planned (a sharded or filtered run planned only its share), or those asked for.
        var only = onlyGates.Count > 0 ? onlyGates : started.PlannedGates ?? [];
        var gates = await GatesAsync(started.GateSource, root, only, cancellationToken).ConfigureAwait(false);
        if (started.Affected is { } affected)
        {
            gates = Affected.AffectedGateSelection.Reapply(gates, affected); // the same gates skipped as unaffected, not re-run
        }
        var options = new ProofRunOptions
        {
            RepoRoot = root,
            StateRoot = stateRoot ?? RunStore.For(repoRoot).Root,
            BaseRef = started.Base,
            Retries = 1,
            ReuseResults = false,
            Description = $"omk replay --verify {original.RunId}",
            VerifiesRun = original.RunId.Value,
            GateSource = started.GateSource,
        };
        var git = await ProofRun.SnapshotAsync(options, cancellationToken).ConfigureAwait(false);
        var result = await new ProofRun(processes, time, codeGates).RunAsync(options, gates, git, observer, cancellationToken).ConfigureAwait(false);
        var verdicts = result.Proof.Gates.Select(g => Compare(g, originalProof.Gates.FirstOrDefault(o => o.Name == g.Name))).ToList();
        return new RunVerification(original.RunId.Value, result.Run.RunId.Value, result.Run.Path, commit, patch is not null, verdicts);
    }

    private static GateVerification Compare(ProofGate now, ProofGate? original)
    {
        var nowText = Outcome(now);
        if (original is null)
        {
            return new GateVerification(now.Name, GateVerification.Diverged, "not in the original run", nowText);
        }

        var originalText = Outcome(original);
        var verdict = now.Flaky == true ? GateVerification.Flaky
            : now.Status == original.Status ? GateVerification.Reproduced
            : GateVerification.Diverged;
        return new GateVerification(now.Name, verdict, originalText, nowText);
    }

    private static string Outcome(ProofGate gate) => gate.Status == GateStatus.Passed
        ? "passed" + (gate.Flaky == true ? " (after a failed attempt)" : string.Empty)
        : gate.Status + (gate.Evidence.Reason is { } reason ? ": " + reason : string.Empty);

    private static RunStartedPayload ReadRunStarted(RunDirectory run)
    {
        if (!File.Exists(run.EventsPath))
        {
            throw new RunVerificationException($"'{run.Path}' has no event log (events.jsonl): there is nothing to re-verify.");
        }

        var first = EventReader.Read(run.EventsPath).FirstOrDefault(e => e.Kind == EventKind.RunStarted);
        var payload = first?.PayloadAs(EventJsonContext.Default.RunStartedPayload)
            ?? throw new RunVerificationException($"run {run.RunId} has no run_started event: nothing says what it judged.");
        return payload.Mode == "proof"
            ? payload
            : throw new RunVerificationException($"run {run.RunId} is a {payload.Mode} run; --verify re-runs the gates of a proof run (a team task's gate rounds are proof runs: tasks/<id>/attempt-N/round-R).");
    }

    // The recorded patch, checked against its recorded size and SHA-256; null for a clean run.
    private static string? PatchOf(RunDirectory run, RunStartedPayload started)
    {
        if (started.DirtyPatch is not { } recorded)
        {
            return started.Dirty == true
                ? throw new RunVerificationException($"run {run.RunId} was made on a dirty tree but recorded no patch of it (an older omk, or git could not make one): its tree cannot be rebuilt.")
                : null;
        }

        var path = run.Resolve(recorded.Path);
        var (sha, bytes) = File.Exists(path) ? ProofDigests.Hash(path) : (string.Empty, -1L);
        return sha == recorded.Sha256 && bytes == recorded.Bytes
            ? path
            : throw new RunVerificationException($"{recorded.Path} of run {run.RunId} is {(bytes < 0 ? "missing" : "not the recorded patch (its SHA-256 differs)")}: the judged tree cannot be rebuilt.");
    }

    // The run's root inside the fresh worktree: where --repo pointed below the top level, when the run was made here.
    private static string RootIn(string worktree, string topLevel, string projectDir)
    {
        var relative = Path.GetRelativePath(topLevel, Path.GetFullPath(projectDir));
        return relative == "." || relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative)
            ? worktree
            : Path.Combine(worktree, relative);
    }

    private static async Task<GateSet> GatesAsync(GateSourcePayload? source, string root, IReadOnlyList<string> only, CancellationToken cancellationToken)
    {
        var selection = new GateSelection
        {
            Gates = source?.Gates ?? [],
            After = source?.After ?? [],
            GatesDirectory = source?.GatesDir,
            Solution = source?.Solution is { } solution ? Path.Combine(root, solution) : null,
            PerProjectTests = source?.Affected == true,
        };
        try
        {
            var gates = await GateSources.DiscoverAsync(GateSources.For(selection), selection, root, cancellationToken).ConfigureAwait(false);
            gates = GateFilter.Apply(gates, source?.Filter).AllowingFailureOf(source?.AllowFail ?? []);
            return only.Count == 0 ? gates : GateFilter.Apply(gates, string.Join(',', only));
        }
        catch (GateConfigurationException ex)
        {
            throw new RunVerificationException("the run's gates cannot be declared again: " + ex.Message, ex);
        }
    }
}
