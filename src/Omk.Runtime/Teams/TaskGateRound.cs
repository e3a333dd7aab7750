using Omk.Events;
using Omk.Events.Payloads;
using Omk.Gates;
using Omk.Processes;
using Omk.Proofs;
using Omk.Runs;
using Omk.Storage;

namespace Omk.Teams;

/// <summary>
/// One round of a task's gates in its worktree, with the same runner and evidence as <c>omk proof</c>: a run of its
/// own under <c>tasks/&lt;id&gt;/attempt-N/round-R/</c> (events, gate logs, proof), whose proof is also copied to
/// <c>tasks/&lt;id&gt;/proof.json|md</c> as the task's latest proof.
/// </summary>
public static class TaskGateRound
{
    /// <summary>The gates that judge a task: its acceptance commands (run through the shell) and the declared gates it names (default all).</summary>
    public static GateSet For(TeamTask task, GateSet declared)
    {
        var named = task.Gates is null
            ? declared.Gates
            : declared.Gates.Where(g => task.Gates.Contains(g.Name, StringComparer.Ordinal)).ToList();
        var acceptance = task.Acceptance.Select((command, i) => new GateDefinition
        {
            Name = task.Acceptance.Count == 1 ? "acceptance" : $"acceptance-{i + 1}",
            Command = ProcessCommand.Shell(command),
            Tags = ["acceptance"],
        });
        return new GateSet([.. named, .. acceptance], $"task '{task.Id}'");
    }

    /// <summary>Names a task gives in <c>gates</c> that the repository does not declare.</summary>
    public static IReadOnlyList<string> Unknown(TeamTask task, GateSet declared) =>
        task.Gates?.Where(n => !declared.Gates.Any(g => g.Name == n)).ToList() ?? [];

    public static async Task<(IReadOnlyList<GateOutcome> Outcomes, string ProofPath)> RunAsync(
        GateSet gates, string worktree, string taskDirectory, string runId, int attempt, int round, IReadOnlyList<string> changedFiles,
        TaskWorkerSettings settings, TimeProvider time, CancellationToken cancellationToken)
    {
        var relative = $"attempt-{attempt}/round-{round}";
        var run = new RunDirectory(new RunId($"{runId}.a{attempt}r{round}"), Path.Combine(taskDirectory, relative.Replace('/', Path.DirectorySeparatorChar)));
        var redactor = SecretRedactor.FromEnvironment();
        var writer = EventWriter.Open(Path.Combine(run.Path, EventSchema.FileName), new EventWriterOptions { Redactor = redactor });
        IReadOnlyList<GateOutcome> outcomes;
        await using (writer.ConfigureAwait(false))
        {
            var factory = new EventFactory(run.RunId, time);
            // The same cache as omk proof (one per repository, all worktrees): a task's passed gate is not run again on the same tree.
            var reuse = await PrepareReuseAsync(worktree, settings.ReuseResults, cancellationToken).ConfigureAwait(false);
            await writer.AppendAsync(
                factory.RunStarted(new RunStartedPayload("proof", worktree, $"gates of a team task, attempt {attempt}, round {round}")
                {
                    OmkVersion = ProofRun.OmkVersion,
                    PlannedGates = gates.Gates.Select(g => g.Name).ToList(),
                    Tree = reuse?.Tree.Tree,
                }, "omk"),
                CancellationToken.None).ConfigureAwait(false);
            foreach (var file in changedFiles)
            {
                await writer.AppendAsync(factory.FileChanged(new FileChangedPayload(file, FileChangedPayload.Modified), "git"), CancellationToken.None).ConfigureAwait(false);
            }

            outcomes = await new GateRunner(new ProcessRunner(time), redactor, settings.CodeGates)
                .RunAsync(
                    gates,
                    new GateRunContext(worktree, run, writer, factory) { ChangedFiles = changedFiles, BaseRef = settings.BaseCommit, Reuse = reuse },
                    new GateRunOptions { DefaultTimeout = settings.GateTimeout },
                    cancellationToken)
                .ConfigureAwait(false);
            await writer.AppendAsync(factory.RunCompleted($"{outcomes.Count(o => o.Process is not null)} of {gates.Gates.Count} gate(s) ran", "omk"), CancellationToken.None).ConfigureAwait(false);
            await ProofPublisher.PublishAsync(run, writer, factory, CancellationToken.None).ConfigureAwait(false);
        }

        File.Copy(run.ProofJsonPath, Path.Combine(taskDirectory, "proof.json"), overwrite: true);
        File.Copy(run.ProofMarkdownPath, Path.Combine(taskDirectory, "proof.md"), overwrite: true);
        cancellationToken.ThrowIfCancellationRequested();
        return (outcomes, relative + "/proof.json");
    }

    private static async Task<GateCache.GateReuse?> PrepareReuseAsync(string worktree, bool lookup, CancellationToken cancellationToken)
    {
        try
        {
            return await GateCache.GateReuse.PrepareAsync(worktree, statusPaths: null, lookup, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is Git.GitException or OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>What a failed round tells the agent: each gate that did not pass, why, and the tail of its output.</summary>
    public static IReadOnlyList<string> Findings(IReadOnlyList<GateOutcome> outcomes) => Findings(outcomes, roundEventsPath: null).Findings;

    /// <summary>
    /// As <see cref="Findings(IReadOnlyList{GateOutcome})"/>, with the evidence the round's log holds for each failed gate
    /// (<c>file:line:column: severity code: message</c> diagnostics and failed tests with their location) before the
    /// output tail, and the round's progress key.
    /// </summary>
    public static GateRoundFindings Findings(IReadOnlyList<GateOutcome> outcomes, string? roundEventsPath)
    {
        var evidence = roundEventsPath is null ? [] : LocatedEvidence(roundEventsPath);
        var findings = new List<string>();
        var key = new System.Text.StringBuilder();
        foreach (var o in outcomes.Where(o => !o.Passed && o.Gate.IsRequired))
        {
            var header = $"gate '{o.Gate.Name}' ({o.Gate.CommandLine}) {o.Status}: {o.Reason}";
            var located = evidence.GetValueOrDefault(o.Gate.Name) ?? [];
            key.Append(header).Append('\n');
            foreach (var line in located)
            {
                key.Append(line).Append('\n');
            }

            var tail = o.Process is null ? string.Empty : Tail(o.Process.StdoutTail + "\n" + o.Process.StderrTail);
            var text = new System.Text.StringBuilder(header);
            foreach (var line in located)
            {
                text.Append("\n  ").Append(line);
            }

            if (tail.Length > 0)
            {
                text.Append(located.Count == 0 ? "\n" : "\noutput (last lines):\n").Append(tail);
            }

            findings.Add(text.ToString());
        }

        return new GateRoundFindings(findings, key.ToString());
    }

    /// <summary>The located findings and failed tests of each failed gate of a round's log, by gate name.</summary>
    private static Dictionary<string, List<string>> LocatedEvidence(string roundEventsPath)
    {
        var byGate = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var filter = new EventFilter { Kinds = new HashSet<EventKind> { EventKind.GateFailed } };
        foreach (var e in EventReader.Read(roundEventsPath, filter: filter))
        {
            if (e.PayloadAs(EventJsonContext.File.GateResultPayload) is not { } gate)
            {
                continue;
            }

            var lines = new List<string>();
            foreach (var f in gate.Findings ?? [])
            {
                var where = f.File is null ? string.Empty : $"{f.File}{(f.Line is { } l ? $":{l}" : string.Empty)}{(f.Column is { } c ? $":{c}" : string.Empty)}: ";
                lines.Add($"{where}{f.Severity}{(f.Code is null ? string.Empty : " " + f.Code)}: {f.Message}");
            }

            foreach (var t in gate.FailedTests ?? [])
            {
                var where = t.File is null ? string.Empty : $" ({t.File}{(t.Line is { } l ? $":{l}" : string.Empty)})";
                lines.Add($"test {t.Name} failed{where}{(t.Message is null ? string.Empty : ": " + t.Message)}");
            }

            byGate[gate.Name] = lines;
        }

        return byGate;
    }

    private static string Tail(string text)
    {
        var lines = text.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToList();
        return string.Join('\n', lines.Skip(Math.Max(0, lines.Count - 20)));
    }
}
