using Omk.Events;
using Omk.Events.Payloads;
using Omk.Gates;
using Omk.Git;
using Omk.Processes;
using Omk.Runs;
using Omk.Storage;

namespace Omk.Proofs;

/// <summary>
/// One proof run: snapshot the repository, record the changed files, run the gates, end the run, and
/// publish the proof folded from the log. Whatever happens, what was recorded stays and a proof is written.
/// </summary>
public sealed class ProofRun(ProcessRunner processes, TimeProvider time, ICodeGateLauncher? codeGates = null)
{
    public static string OmkVersion { get; } =
        typeof(ProofRun).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    /// <summary>
    /// Reads what git knows before any run directory exists, so that a bad <c>--base</c> is a usage error
    /// that leaves nothing behind. Null outside a git work tree.
    /// </summary>
    public static async Task<GitSnapshot?> SnapshotAsync(ProofRunOptions options, CancellationToken cancellationToken = default)
    {
        // Found on disk when it can be (no git process); git itself decides the unusual cases.
        var repo = GitDiscovery.FindTopLevel(options.RepoRoot) is { } topLevel
            ? GitRepository.AtTopLevel(topLevel)
            : await GitRepository.OpenAsync(options.RepoRoot, cancellationToken).ConfigureAwait(false);
        if (repo is null)
        {
            if (!string.IsNullOrWhiteSpace(options.BaseRef))
            {
                throw new GateConfigurationException($"--base '{options.BaseRef}' was given but '{options.RepoRoot}' is not inside a git repository.");
            }

            return null;
        }

        try
        {
            // Changed files are relative to the run's repository root (a --repo below the git top level), as gates see them.
            // The work tree's facts for the gates' keys (HEAD's tree) come from the disk and, for a HEAD seen before, the
            // results cache; otherwise from a second git process.
            var snapshot = await repo.SnapshotAsync(options.BaseRef, cancellationToken).ConfigureAwait(false);
            var facts = GateCache.HeadTrees.ReadFactsAsync(options.RepoRoot, snapshot.Commit, cancellationToken: cancellationToken);
            return snapshot.Under(options.RepoRoot) with { WorkTreeFacts = facts };
        }
        catch (GitException ex) when (options.BaseRef is not null && ex.Message.StartsWith("base ref", StringComparison.Ordinal))
        {
            throw new GateConfigurationException(ex.Message, ex);
        }
    }

    public async Task<ProofRunResult> RunAsync(
        ProofRunOptions options,
        GateSet gates,
        GitSnapshot? git,
        Action<Event>? observer = null,
        CancellationToken cancellationToken = default)
    {
        gates.Validate();
        var store = RunStore.For(options.RepoRoot, options.StateRoot);
        var run = store.Create(time);
        using var runLock = RunLock.Acquire(run.Path);
        using var guard = new RunDirectoryGuard(store, run);
        LatestRun.Point(store, run);
        var environment = Environment.GetEnvironmentVariables();
        var secretNames = SecretRedactor.SecretVariableNames(environment);
        var redactor = SecretRedactor.FromEnvironment();
        var writer = EventWriter.Open(Path.Combine(run.Path, EventSchema.FileName), new EventWriterOptions { Redactor = redactor });
        await using (writer.ConfigureAwait(false))
        {
            var factory = new EventFactory(run.RunId, time);
            var reuse = await PrepareReuseAsync(options, git, cancellationToken).ConfigureAwait(false);
            var patch = git is { Dirty: true, Commit: { } commit } && reuse is not null
                ? await DirtyPatch.RecordAsync(reuse.Tree, commit, run.Path, CancellationToken.None).ConfigureAwait(false)
                : null;
            var sink = new EventTee(writer, e =>
            {
                if (e.Kind == EventKind.GatePassed || e.Kind == EventKind.GateFailed)
                {
                    // A finished gate's log is held open, so a later gate that deletes the state dir cannot lose it.
                    guard.Hold(run.Resolve(e.PayloadString("output_path") ?? string.Empty));
                }

                observer?.Invoke(EventLine.Redacted(e, redactor));
            });
            await sink.AppendAsync(
                factory.RunStarted(
                    new RunStartedPayload("proof", options.RepoRoot, options.Description)
                    {
                        Commit = git?.Commit,
                        Branch = git?.Branch,
                        Dirty = git?.Dirty,
                        Base = git?.Base,
                        OmkVersion = OmkVersion,
                        PlannedGates = gates.Gates.Select(g => g.Name).ToList(),
                        SecretNames = secretNames.Count > 0 ? secretNames : null,
                        GateSelection = gates.Selection,
                        Shard = gates.Shard,
                        Affected = gates.Affected,
                        GatesOrigin = gates.Origin,
                        Tree = reuse?.Tree.Tree,
                        DirtyPatch = patch,
                        GateSource = options.GateSource,
                        VerifiesRun = options.VerifiesRun,
                    },
                    "omk"),
                CancellationToken.None).ConfigureAwait(false);

            foreach (var change in git?.Changes ?? [])
            {
                await sink.AppendAsync(factory.FileChanged(new FileChangedPayload(change.Path, change.Operation), "git"), CancellationToken.None).ConfigureAwait(false);
            }

            IReadOnlyList<GateOutcome> outcomes = [];
            var cancelled = false;
            try
            {
                outcomes = await new GateRunner(processes, redactor, codeGates)
                    .RunAsync(
                        gates,
                        new GateRunContext(options.RepoRoot, run, sink, factory)
                        {
                            ChangedFiles = git?.Changes.Where(c => c.Operation != FileChangedPayload.Deleted).Select(c => c.Path).ToList() ?? [],
                            BaseRef = options.BaseRef,
                            Reuse = reuse,
                        },
                        new GateRunOptions
                        {
                            Parallelism = options.Parallelism,
                            DefaultTimeout = options.DefaultTimeout ?? GateRunOptions.BuiltInTimeout,
                            DefaultTimeoutOrigin = options.DefaultTimeout is null ? "default" : options.TimeoutOrigin,
                            Retries = options.Retries,
                        },
                        cancellationToken)
                    .ConfigureAwait(false);
                cancelled = cancellationToken.IsCancellationRequested;
                RestoreDeleted(run, guard, runLock);
                if (cancelled)
                {
                    await sink.AppendAsync(factory.ManualInterrupt(), CancellationToken.None).ConfigureAwait(false);
                    var by = options.InterruptedBy?.Invoke() is { } signal ? "interrupted by " + signal : "cancelled by user";
                    await sink.AppendAsync(factory.RunFailed(by + "; the gates were stopped and the evidence so far is kept", "omk"), CancellationToken.None).ConfigureAwait(false);
                }
                else
                {
                    var ran = outcomes.Count(o => o.Process is not null);
                    await sink.AppendAsync(factory.RunCompleted($"{ran} of {gates.Gates.Count} gate(s) ran", "omk"), CancellationToken.None).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                await sink.AppendAsync(factory.RunFailed($"internal error: {ex.GetType().Name}: {ex.Message}", "omk"), CancellationToken.None).ConfigureAwait(false);
                await ProofPublisher.PublishAsync(run, writer, factory, CancellationToken.None).ConfigureAwait(false);
                throw;
            }

            var proof = await ProofPublisher.PublishAsync(run, writer, factory, CancellationToken.None).ConfigureAwait(false);
            return new ProofRunResult(run, proof, gates, outcomes, cancelled);
        }
    }

    // Gates are keyed by the tree they judge; the snapshot's status says what differs from HEAD, so nothing is scanned twice.
    private static async Task<GateCache.GateReuse?> PrepareReuseAsync(ProofRunOptions options, GitSnapshot? git, CancellationToken cancellationToken)
    {
        if (git is null)
        {
            return null;
        }

        try
        {
            return await GateCache.GateReuse.PrepareAsync(options.RepoRoot, git.StatusPaths, options.ReuseResults, facts: git.WorkTreeFacts, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is GitException or OperationCanceledException)
        {
            return null; // no key, no reuse: every gate runs (or, cancelled, is recorded as not run)
        }
    }

    // Before the run's end is written: whatever a gate deleted of the run (git clean -xfd) is written back.
    private static void RestoreDeleted(RunDirectory run, RunDirectoryGuard guard, RunLock runLock)
    {
        if (Directory.Exists(run.Path) && File.Exists(Path.Combine(run.Path, RunLock.FileName)))
        {
            return;
        }

        guard.RestoreDeleted();
        runLock.Renew(run.Path);
    }
}
