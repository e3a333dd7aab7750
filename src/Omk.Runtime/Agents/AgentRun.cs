using System.Globalization;
using System.Runtime.ExceptionServices;
using Omk.Agents.Approvals;
using Omk.Agents.Protocol;
using Omk.Events;
using Omk.Events.Payloads;
using Omk.Proofs;
using Omk.Runs;
using Omk.Storage;

namespace Omk.Agents;

/// <summary>
/// One agent turn with its own run directory: <c>run_started</c>, <c>worker_started</c>, <c>task_started</c>, the
/// agent's approvals, file changes and token usage, its text, <c>task_completed|task_failed</c>, the run's end and
/// a proof (an agent run has no gates, so it is evidence, never "ready"). Every protocol line, redacted, is in
/// <c>agents/&lt;worker&gt;/transcript.jsonl</c>. Whatever the agent does — crash, hang, fail — the run is closed.
/// <para>
/// Omk's own work is kept off the agent's path (docs/performance.md): the agent is spawned first and boots while the
/// run directory, log and transcript are prepared and omk's code paths are warmed (<see cref="AgentRunWarmUp"/>);
/// its input is closed as soon as it answers the prompt, and it shuts down while the run's end and proof are written.
/// </para>
/// </summary>
public sealed class AgentRun(TimeProvider time)
{
    /// <param name="options">The prompt, directories, policy and limits.</param>
    /// <param name="command">How to start the agent.</param>
    /// <param name="createSession">The driver; it takes over <see cref="AgentSessionOptions.Process"/>, the agent already started.</param>
    /// <param name="observer">Sees each update of the turn (not those sent after it ended).</param>
    /// <param name="cancellationToken">Cancels the turn.</param>
    public async Task<AgentRunResult> RunAsync(
        AgentRunOptions options,
        AgentCommand command,
        Func<AgentSessionOptions, IAgentSession> createSession,
        Action<AgentUpdate>? observer = null,
        CancellationToken cancellationToken = default)
    {
        AgentProcess? process = null;
        ExceptionDispatchInfo? startFailure = null;
        try
        {
            process = AgentProcess.Start(command);
        }
        catch (AgentStartException ex)
        {
            // Reported as the turn's failure, in a run of its own like any other outcome.
            startFailure = ExceptionDispatchInfo.Capture(ex);
        }

        try
        {
            return await RunAsync(options, command, process, startFailure, createSession, observer, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (process is not null)
            {
                // Normally ended with its session already; this covers a failure before the session took it over.
                await process.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private async Task<AgentRunResult> RunAsync(
        AgentRunOptions options,
        AgentCommand command,
        AgentProcess? process,
        ExceptionDispatchInfo? startFailure,
        Func<AgentSessionOptions, IAgentSession> createSession,
        Action<AgentUpdate>? observer,
        CancellationToken cancellationToken)
    {
        var warmedUp = AgentRunWarmUp.StartAsync();
        var store = RunStore.For(options.WorkingDirectory, options.StateRoot);
        var run = store.Create(time);
        Runs.LatestRun.Point(store, run);
        var redactor = SecretRedactor.FromEnvironment();
        var writer = EventWriter.Open(Path.Combine(run.Path, EventSchema.FileName), new EventWriterOptions { Redactor = redactor });
        await using (writer.ConfigureAwait(false))
        {
            var factory = new EventFactory(run.RunId, time);
            var description = options.Prompt.Length > 200 ? options.Prompt[..200] + "…" : options.Prompt;
            await writer.AppendAsync(factory.RunStarted(new RunStartedPayload("agent", options.WorkingDirectory, description) { OmkVersion = ProofRun.OmkVersion }, "omk"), cancellationToken).ConfigureAwait(false);
            await writer.AppendAsync(factory.WorkerStarted(new WorkerStartedPayload(options.WorkerId, "agent")), cancellationToken).ConfigureAwait(false);

            var transcriptPath = Path.Combine(run.AgentsDirectory, options.WorkerId, "transcript.jsonl");
            using var transcript = new AgentTranscript(transcriptPath, redactor, time);
            var gate = new ApprovalGate(options.Policy, options.Channel, options.ApprovalTimeout, writer, factory, options.WorkerId);
            var recorder = new AgentEvidenceRecorder(writer, factory, options.WorkerId, options.TaskId, options.WorkingDirectory, options.Price);
            var sessionOptions = new AgentSessionOptions(command, gate, transcript)
            {
                OnUpdate = update =>
                {
                    if (recorder.Observe(update))
                    {
                        observer?.Invoke(update);
                    }
                },
                TurnTimeout = options.TurnTimeout,
                SingleTurn = true,
                Process = process,
                Time = time,
            };

            AgentTurn turn;
            AgentInfo? info = null;
            var started = time.GetTimestamp();
            var session = createSession(sessionOptions);
            var stopped = Task.CompletedTask;
            try
            {
                try
                {
                    startFailure?.Throw();
                    await session.StartAsync(cancellationToken).ConfigureAwait(false);
                    info = session.Info;
                    await writer.AppendAsync(
                        factory.TaskStarted(new TaskStartedPayload(options.TaskId, options.WorkerId, options.TurnTimeout is { } t ? (long)t.TotalSeconds : null)),
                        cancellationToken).ConfigureAwait(false);
                    turn = await session.PromptAsync(options.Prompt, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is AgentStartException or AgentExitedException or JsonRpcException)
                {
                    turn = new AgentTurn("failed", string.Empty, recorder.Usage, [], time.GetElapsedTime(started), ex.Message);
                }
                catch (OperationCanceledException)
                {
                    turn = new AgentTurn("cancelled", string.Empty, recorder.Usage, [], time.GetElapsedTime(started), "cancelled before the turn began");
                }
                finally
                {
                    // The agent shuts down (Kimi takes about 0.1 s) while the run's end and its proof are recorded.
                    stopped = session.StopAsync();
                }

                await recorder.TurnEndedAsync(turn).ConfigureAwait(false);
                if (turn.Succeeded)
                {
                    await writer.AppendAsync(factory.RunCompleted($"agent turn {turn.StopReason}", "omk"), CancellationToken.None).ConfigureAwait(false);
                }
                else
                {
                    await writer.AppendAsync(factory.RunFailed($"agent turn {turn.StopReason}{(turn.FailureReason is null ? string.Empty : ": " + turn.FailureReason)}", "omk"), CancellationToken.None).ConfigureAwait(false);
                }

                await warmedUp.ConfigureAwait(false);
                await ProofPublisher.PublishAsync(run, writer, factory, CancellationToken.None).ConfigureAwait(false);
            }
            finally
            {
                await stopped.ConfigureAwait(false);
                await session.DisposeAsync().ConfigureAwait(false);
            }

            return Result(run, turn, info, recorder, redactor, options.Price, transcriptPath) with { SessionId = session.SessionId };
        }
    }

    private static AgentRunResult Result(
        RunDirectory run, AgentTurn turn, AgentInfo? info, AgentEvidenceRecorder recorder, SecretRedactor redactor, TokenPrice price, string transcriptPath)
    {
        var usage = recorder.Usage.Total > 0 ? recorder.Usage : turn.Usage;
        var cost = decimal.Round(usage.Cost(price), 6);
        var summary = string.Create(
            CultureInfo.InvariantCulture,
            $"agent turn {turn.StopReason} in {turn.Duration.TotalSeconds:0.0} s: {turn.ToolCalls.Count} tool call(s), {recorder.FilesChanged} file(s) changed, {usage.TotalInput} input / {usage.Output} output tokens (~${cost:0.####})");
        if (turn.FailureReason is not null)
        {
            summary += "; " + turn.FailureReason;
        }

        // What front doors show (console, JSON, PR comments) is redacted like the log and the transcript.
        var shown = turn with
        {
            Text = redactor.Redact(turn.Text),
            FailureReason = turn.FailureReason is null ? null : redactor.Redact(turn.FailureReason),
        };
        return new AgentRunResult(run, shown, info, usage, cost, recorder.FilesChanged, transcriptPath, redactor.Redact(summary));
    }
}
