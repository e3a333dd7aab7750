using Omk.Agents;
using Omk.Agents.Approvals;
using Omk.Agents.Protocol;
using Omk.Events;
using Omk.Events.Payloads;
using Omk.Gates;
using Omk.Storage;
using Omk.Workspaces;

namespace Omk.Teams;

/// <summary>
/// Does one attempt at a task: its worktree (from the base, or from the merge of its dependencies), an agent session
/// there with the task's prompt, a commit of what changed (trailers <c>Omk-Run:</c>/<c>Omk-Task:</c>), the write-set
/// check, then the task's gates; a gate failure goes back to the same session as a fix turn (up to the fix rounds) and
/// the gates run again. Before every turn the run's budget is asked (<see cref="TaskWorkerSettings.BeforeTurn"/>), and a
/// run that asks for it stops when two rounds in a row find the same problems (<see cref="TaskWorkerSettings.StopWhenNoProgress"/>).
/// The agent's events go to <c>tasks/&lt;id&gt;/events.jsonl</c>, its transcript next to them.
/// A completed task's clean worktree is removed (its branch keeps the work); any other is kept for inspection.
/// </summary>
public sealed class AgentTaskWorker(TaskWorkerSettings settings, TimeProvider time)
{
    private readonly System.Collections.Concurrent.ConcurrentBag<Task> _cleanups = [];
    private readonly WorktreePrefetch _prefetch = new(settings.Worktrees, settings.RunId, settings.BaseCommit, settings.Prefetch, settings.PrefetchDepth);

    /// <summary>Waits for the removals of completed tasks' worktrees (they run after their worker slot is free) and of unused prepared ones.</summary>
    public async Task DrainAsync()
    {
        await Task.WhenAll(_cleanups).ConfigureAwait(false);
        await _prefetch.DrainAsync().ConfigureAwait(false);
    }

    public async Task<TaskResult> RunAsync(TaskAttempt attempt, CancellationToken cancellationToken)
    {
        var task = attempt.Task;
        await attempt.PhaseAsync("workspace").ConfigureAwait(false);
        TaskWorkspace workspace;
        var continuation = settings.Continuations.GetValueOrDefault(task.Id);
        try
        {
            workspace = attempt.Number == 1 && attempt.RecordedStart is null && settings.Prefetch.Contains(task.Id)
                ? await _prefetch.TakeAsync(task.Id, cancellationToken).ConfigureAwait(false)
                : await settings.Worktrees.CreateAsync(
                    settings.RunId,
                    task.Id,
                    settings.BaseCommit,
                    [.. continuation?.From ?? [], .. task.DependsOn.Select(d => attempt.DependencyBranches[d])],
                    attempt.RecordedStart,
                    cancellationToken).ConfigureAwait(false);
            _prefetch.PrepareNext();
            if (continuation?.ChangesSince is { } since)
            {
                // The work it continues counts as the task's own: the write set and the changed files are from its start.
                workspace = workspace with { BaseCommit = since };
            }
        }
        catch (MergeConflictException ex)
        {
            return new TaskResult(TeamTaskStatus.Conflict, ex.Message) { Findings = ex.Paths.Select(p => $"conflict: {p}").ToList() };
        }

        await attempt.StartedAsync(new TaskStart(workspace.Branch, workspace.Path, workspace.BaseCommit)).ConfigureAwait(false);
        var taskDirectory = Path.Combine(settings.RunDirectory, "tasks", task.Id);
        var gates = TaskGateRound.For(task, settings.DeclaredGates);
        var unknown = TaskGateRound.Unknown(task, settings.DeclaredGates);
        var result = new TaskResult(TeamTaskStatus.Failed) { Branch = workspace.Branch, StartCommit = workspace.BaseCommit };
        if (unknown.Count > 0)
        {
            return result with { Error = $"gates {string.Join(", ", unknown)} are not declared in the repository" };
        }

        var redactor = SecretRedactor.FromEnvironment();
        var writer = EventWriter.Open(Path.Combine(taskDirectory, EventSchema.FileName), new EventWriterOptions { Redactor = redactor });
        await using (writer.ConfigureAwait(false))
        {
            var factory = new EventFactory(new RunId($"{settings.RunId}.{task.Id}"), time);
            using var transcript = new AgentTranscript(Path.Combine(taskDirectory, "agents", $"{attempt.WorkerId}-attempt-{attempt.Number}", "transcript.jsonl"), redactor, time);
            using var turnStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var human = new HumanNeededChannel(() => turnStop.Cancel());
            var gate = new ApprovalGate(settings.Policy, human, TimeSpan.FromSeconds(1), writer, factory, attempt.WorkerId);
            AgentEvidenceRecorder? recorder = null;
            var launch = settings.Agent(workspace.Path);
            var options = new AgentSessionOptions(launch.Command, gate, transcript)
            {
                OnUpdate = update =>
                {
                    attempt.Heartbeat();
                    recorder?.Observe(update);
                },
                TurnTimeout = settings.TurnTimeout,
                Time = time,
            };

            var session = launch.CreateSession(options);
            await using (session.ConfigureAwait(false))
            {
                var usage = TokenUsage.Zero;
                async Task<AgentTurn> TurnAsync(string prompt)
                {
                    recorder = new AgentEvidenceRecorder(writer, factory, attempt.WorkerId, task.Id, workspace.Path, settings.Price);
                    AgentTurn turn;
                    try
                    {
                        turn = await session.PromptAsync(prompt, turnStop.Token).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (ex is AgentExitedException or JsonRpcException)
                    {
                        turn = new AgentTurn("crashed", string.Empty, recorder.Usage, [], TimeSpan.Zero, ex.Message);
                    }

                    await recorder.TurnEndedAsync(turn).ConfigureAwait(false);
                    var used = recorder.Usage.Total > 0 ? recorder.Usage : turn.Usage;
                    usage = usage.Add(used);
                    await attempt.TokensAsync(used, decimal.Round(used.Cost(settings.Price), 6)).ConfigureAwait(false);
                    return turn;
                }

                TaskResult WithUsage(TaskResult r) => r with
                {
                    InputTokens = usage.TotalInput,
                    OutputTokens = usage.Output,
                    CostUsd = decimal.Round(usage.Cost(settings.Price), 6),
                };

                try
                {
                    await attempt.PhaseAsync("agent starting").ConfigureAwait(false);
                    try
                    {
                        await session.StartAsync(cancellationToken).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (ex is AgentStartException or AgentExitedException or JsonRpcException)
                    {
                        return result with { Error = "the agent could not start: " + ex.Message };
                    }

                    if (await TurnBoundaryAsync(writer, cancellationToken).ConfigureAwait(false) is { } refused)
                    {
                        return WithUsage(refused with { Branch = workspace.Branch, StartCommit = workspace.BaseCommit, Head = await settings.Worktrees.BranchHeadAsync(workspace.Branch, CancellationToken.None).ConfigureAwait(false) });
                    }

                    await attempt.PhaseAsync("agent turn").ConfigureAwait(false);
                    var turn = await TurnAsync(TaskPrompt.Build(task, gates.Gates.Select(g => g.Name).ToList(), attempt.Number, attempt.PreviousFindings, continuation?.Notes)).ConfigureAwait(false);
                    string? previousKey = null;
                    for (var fix = 0; ; fix++)
                    {
                        if (TurnProblem(turn, human, cancellationToken) is { } problem)
                        {
                            return WithUsage(problem with { Branch = workspace.Branch, StartCommit = workspace.BaseCommit, FixRounds = fix });
                        }

                        await attempt.PhaseAsync(fix == 0 ? "commit" : $"commit (fix {fix})").ConfigureAwait(false);
                        var commit = await settings.Worktrees.CommitAsync(workspace, $"omk: {task.Title}", cancellationToken).ConfigureAwait(false);
                        result = result with { Head = commit.Head, ChangedFiles = commit.ChangedFiles, FixRounds = fix };
                        var writeSet = new WriteSet(task.WriteSet);
                        var outside = commit.ChangedFiles.Where(f => !writeSet.Allows(f)).ToList();
                        if (outside.Count > 0)
                        {
                            return WithUsage(result with
                            {
                                Status = TeamTaskStatus.WriteSetViolation,
                                Error = $"{outside.Count} file(s) changed outside the write set ({(task.WriteSet.Count == 0 ? "empty" : string.Join(", ", task.WriteSet))})",
                                Findings = outside.Select(f => $"changed outside the write set: {f}").ToList(),
                            });
                        }

                        await attempt.PhaseAsync(fix == 0 ? "gates" : $"gates (fix {fix})").ConfigureAwait(false);

                        // The watchdog watches the agent: gates that run longer than --stall-after are not a stalled worker.
                        IReadOnlyList<GateOutcome> outcomes;
                        string proof;
                        using (time.CreateTimer(_ => attempt.Heartbeat(), null, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5)))
                        {
                            (outcomes, proof) = await TaskGateRound.RunAsync(
                                gates, workspace.Path, taskDirectory, settings.RunId + "." + task.Id, attempt.Number, fix, commit.ChangedFiles, settings, time, cancellationToken).ConfigureAwait(false);
                        }

                        var gateRound = TaskGateRound.Findings(outcomes, Path.Combine(taskDirectory, Path.GetDirectoryName(proof)!, EventSchema.FileName));
                        var findings = gateRound.Findings;
                        result = result with
                        {
                            Gates = outcomes.Select(o => new TaskGateResult(o.Gate.Name, o.Status, o.Reason)).ToList(),
                            Proof = $"tasks/{task.Id}/{proof}",
                            Findings = findings,
                        };
                        if (findings.Count == 0)
                        {
                            // Off the worker's path: the next task can take the slot while git removes the clean worktree.
                            _cleanups.Add(Task.Run(() => settings.Worktrees.RemoveIfCleanAsync(workspace.Path, workspace.Branch, CancellationToken.None)));
                            return WithUsage(result with
                            {
                                Status = TeamTaskStatus.Completed,
                                Summary = $"{outcomes.Count} gate(s) passed after {fix} fix round(s); {commit.ChangedFiles.Count} file(s) changed",
                            });
                        }

                        var failing = string.Join(", ", outcomes.Where(o => !o.Passed && o.Gate.IsRequired).Select(o => o.Gate.Name));
                        if (settings.StopWhenNoProgress && previousKey == gateRound.ProgressKey)
                        {
                            return WithUsage(result with
                            {
                                Status = TeamTaskStatus.NoProgress,
                                Error = $"no progress: the gates found the same problems in fix round {fix} as in the round before it ({failing})",
                            });
                        }

                        previousKey = gateRound.ProgressKey;
                        if (fix >= settings.FixRounds)
                        {
                            return WithUsage(result with { Error = $"gates failed after {fix} fix round(s): {failing}" });
                        }

                        if (await TurnBoundaryAsync(writer, cancellationToken).ConfigureAwait(false) is { } notAffordable)
                        {
                            return WithUsage(notAffordable with
                            {
                                Branch = result.Branch,
                                StartCommit = result.StartCommit,
                                Head = result.Head,
                                ChangedFiles = result.ChangedFiles,
                                Gates = result.Gates,
                                Proof = result.Proof,
                                Findings = findings,
                                FixRounds = fix,
                            });
                        }

                        await attempt.PhaseAsync($"fix turn {fix + 1}").ConfigureAwait(false);
                        turn = await TurnAsync(TaskPrompt.Fix(task, fix + 1, findings)).ConfigureAwait(false);
                    }
                }
                finally
                {
                    await session.StopAsync().ConfigureAwait(false);
                }
            }
        }
    }

    /// <summary>
    /// Why the next turn is not started: a pause was asked, or the budget refuses it (asked after the task's log is
    /// flushed, so its usage counts); null when it may start.
    /// </summary>
    private async Task<TaskResult?> TurnBoundaryAsync(EventWriter writer, CancellationToken cancellationToken)
    {
        if (settings.PauseRequested?.Invoke() == true)
        {
            return new TaskResult(TeamTaskStatus.Paused, "paused at a turn boundary (a pause was asked); the work so far is on the task's branch");
        }

        if (settings.BeforeTurn is null)
        {
            return null;
        }

        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        var check = await settings.BeforeTurn(cancellationToken).ConfigureAwait(false);
        return check.Allowed
            ? null
            : new TaskResult(TeamTaskStatus.NeedsMoreBudget, check.Reason) { Findings = [$"budget ({check.Source}): {check.Reason}"] };
    }

    /// <summary>Why a turn's end stops the attempt (blocked on a human, stopped, crashed, failed), or null when it ended normally.</summary>
    private static TaskResult? TurnProblem(AgentTurn turn, HumanNeededChannel human, CancellationToken cancellationToken)
    {
        if (human.Request is { } request)
        {
            var what = $"{request.Tool}{(request.Action is null ? string.Empty : " " + request.Action)}";
            return new TaskResult(TeamTaskStatus.BlockedOnHuman, $"a permission request the approval policy cannot decide needs a human: {what}")
            {
                Findings = [$"permission request {request.RequestId}: {what}{(request.Description is null ? string.Empty : " (" + request.Description + ")")}"],
            };
        }

        cancellationToken.ThrowIfCancellationRequested();
        return turn.StopReason switch
        {
            "end_turn" when turn.FailureReason is null => null,
            "crashed" => new TaskResult(TeamTaskStatus.Dead, "the agent process died: " + (turn.FailureReason ?? "no reason given")),
            _ => new TaskResult(TeamTaskStatus.Failed, $"the agent turn ended {turn.StopReason}{(turn.FailureReason is null ? string.Empty : ": " + turn.FailureReason)}")
            {
                Findings = [$"agent turn {turn.StopReason}: {turn.FailureReason}"],
            },
        };
    }
}
