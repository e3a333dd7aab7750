using Omk.Events;
using Omk.Gates;
using Omk.Gates.Scripts;
using Omk.Git;
using Omk.Processes;
using Omk.Proofs;
using Omk.Proofs.Shards;
using Omk.Runs;

namespace Omk.GitHubAction;

/// <summary><c>mode: proof</c>: runs the repository's gates through the runtime, then reports the proof (<see cref="ProofReport"/>).</summary>
public sealed class ProofMode(ActionContext context, WorkflowCommands commands, ActionSettings settings)
{
    private readonly object _lock = new();

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var repoRoot = Path.GetFullPath(Path.Combine(context.Workspace, settings.WorkingDirectory));
        if (!Directory.Exists(repoRoot))
        {
            throw new ActionUsageException($"input 'working-directory': '{settings.WorkingDirectory}' is not a directory ({repoRoot}).");
        }

        var pr = context.Environment.PullRequest();
        var report = new ProofReport(context, commands, settings, pr, repoRoot);
        var baseRef = settings.BaseRef ?? await DefaultBaseAsync(repoRoot, pr, cancellationToken).ConfigureAwait(false);
        var options = new ProofRunOptions
        {
            RepoRoot = repoRoot,
            StateRoot = context.Environment[RunStore.StateDirVariable],
            BaseRef = baseRef,
            Parallelism = settings.Parallel,
            Retries = settings.Retries,
            DefaultTimeout = settings.Timeout,
            TimeoutOrigin = "action input timeout",
            ReuseResults = !settings.NoReuse,
            GateSource = new Events.Payloads.GateSourcePayload
            {
                Gates = settings.Gates.Count > 0 ? settings.Gates : null,
                After = settings.After.Count > 0 ? settings.After : null,
                GatesDir = settings.GatesDir,
                Filter = settings.GateFilter,
                Affected = settings.Affected ? true : null,
            },
            Description = pr is null ? "omk proof (GitHub Action)" : $"omk proof of pull request #{pr.Number} (GitHub Action)",
        };

        GateSet gates;
        GitSnapshot? git;
        try
        {
            var selection = new GateSelection
            {
                Gates = settings.Gates,
                GatesOrigin = "the gates input",
                After = settings.After,
                GatesDirectory = settings.GatesDir,
                PerProjectTests = settings.Affected,
            };
            var sources = GateSources.For(selection);
            gates = await GateSources.DiscoverAsync(sources, selection, repoRoot, cancellationToken).ConfigureAwait(false);
            foreach (var warning in sources.OfType<ScriptGateSource>().SelectMany(s => s.LastLoad?.Warnings ?? []))
            {
                commands.Warning(warning.Message, $"omk: {warning.Code}", report.WorkspacePath(warning.File), warning.Line);
            }

            gates = GateFilter.Apply(gates, settings.GateFilter);
            if (settings.Shard is { } shard)
            {
                gates = ShardPlanner.Select(gates, shard, GateDurationHistory.Read(RunStore.For(repoRoot, options.StateRoot)));
            }
            git = await ProofRun.SnapshotAsync(options, cancellationToken).ConfigureAwait(false);
            if (settings.Affected)
            {
                if (git is null)
                {
                    throw new ActionUsageException($"input 'affected': '{repoRoot}' is not in a git repository, so there is no change to select by.");
                }

                gates = await Affected.AffectedGateSelection.ForRunAsync(gates, repoRoot, git, baseRef, new Affected.ProjectGraphReader(new ProcessRunner()), cancellationToken).ConfigureAwait(false);
            }
        }
        catch (GateScriptException ex)
        {
            foreach (var d in ex.Diagnostics.Where(d => d.Severity == "error"))
            {
                commands.Error($"{d.Code}: {d.Message}", "omk: gate script error", report.WorkspacePath(d.File), d.Line);
            }

            if (ex.Diagnostics.Count == 0)
            {
                commands.Error(ex.Message, "omk: gate scripts");
            }

            report.ConfigurationError("The gate scripts have errors; no gate ran.", ex.Diagnostics.Count == 0 ? ex.Message : string.Join('\n', ex.Diagnostics.Select(d => d.Format(repoRoot))));
            return ActionProgram.Usage;
        }
        catch (GateConfigurationException ex)
        {
            commands.Error(ex.Message, "omk: configuration");
            report.ConfigurationError("The gates are not well declared; no gate ran.", ex.Message);
            return ActionProgram.Usage;
        }

        commands.Line($"omk: {gates.Gates.Count} gate(s) from {gates.Origin}{(baseRef is null ? string.Empty : $"; changes against {baseRef}")}");
        var result = await new ProofRun(new ProcessRunner(context.Time), context.Time, context.CodeGates)
            .RunAsync(options, gates, git, Progress, cancellationToken).ConfigureAwait(false);
        commands.Line(result.Proof.Summary);
        report.GateLogs(result);
        if (settings.Shard is { } part)
        {
            // One comment for the whole matrix: the merge job writes it.
            var shardDir = ShardArtifact.Prepare(result.Run, part, context.Environment["RUNNER_TEMP"] ?? Path.GetTempPath());
            OutputFile.Append(context.Environment.OutputPath, [new(ActionOutputs.ShardDir, shardDir)]);
            commands.Line($"omk: shard {part}: the partial proof is in {shardDir} (upload it as an artifact); the merge job writes the pull request comment.");
            report = new ProofReport(context, commands, settings with { Comment = CommentMode.Never, Report = ReportMode.Comment }, pr, repoRoot);
        }

        await report.PublishAsync(result.Proof, result.Run, annotate: true, cancellationToken).ConfigureAwait(false);
        // partial: every selected gate passed (the verdict output says partial and names what did not run).
        return settings.FailOn == "never" || result.Proof.Status is ProofStatus.Ready or ProofStatus.Partial ? ActionProgram.Ready : ActionProgram.NotReady;
    }

    // The pull request's base as the clone knows it. actions/checkout fetches one commit by default, so the base may
    // be missing: then changed files are the uncommitted ones only, and a warning says how to fix it.
    private async Task<string?> DefaultBaseAsync(string repoRoot, PullRequestEvent? pr, CancellationToken cancellationToken)
    {
        if (pr is null || await GitRepository.OpenAsync(repoRoot, cancellationToken).ConfigureAwait(false) is null)
        {
            return null;
        }

        var git = new GitCli(repoRoot, TimeSpan.FromSeconds(30));
        foreach (var candidate in new[] { "origin/" + pr.BaseRef, pr.BaseSha, pr.BaseRef }.OfType<string>())
        {
            var found = await git.RunAsync(["rev-parse", "--verify", "--quiet", candidate + "^{commit}"], cancellationToken).ConfigureAwait(false);
            if (found.Succeeded)
            {
                return candidate;
            }
        }

        commands.Warning(
            $"The pull request's base ({pr.BaseRef}) is not in this clone, so changed files are only the uncommitted ones. Use actions/checkout with fetch-depth: 0, or set base-ref.",
            "omk: base not fetched");
        return null;
    }

    private void Progress(Event e)
    {
        if (e.Kind != EventKind.GatePassed && e.Kind != EventKind.GateFailed)
        {
            return;
        }

        var name = e.PayloadString("name");
        var skipped = e.Payload is { } p && p.TryGetProperty("skipped", out var s) && s.ValueKind == System.Text.Json.JsonValueKind.True;
        var reason = e.PayloadString("reason");
        var status = skipped ? "skipped" : e.Kind == EventKind.GatePassed ? "passed" : "failed";
        lock (_lock)
        {
            commands.Line($"omk: gate {name} {status}{(reason is null || status == "passed" ? string.Empty : ": " + reason)}");
        }
    }
}
