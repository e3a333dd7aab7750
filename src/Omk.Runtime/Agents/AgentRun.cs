using System.Globalization;
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
/// </summary>
public sealed class AgentRun(TimeProvider time)
{
    public async Task<AgentRunResult> RunAsync(
        AgentRunOptions options,
        AgentCommand command,
        Func<AgentSessionOptions, IAgentSession> createSession,
        Action<AgentUpdate>? observer = null,
        CancellationToken cancellationToken = default)
    {
        var store = RunStore.For(options.WorkingDirectory, options.StateRoot);
        var run = store.Create(time);
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
                    recorder.Observe(update);
                    observer?.Invoke(update);
                },
                TurnTimeout = options.TurnTimeout,
                Time = time,
            };

            AgentTurn turn;
            AgentInfo? info = null;
            var started = time.GetTimestamp();
            var session = createSession(sessionOptions);
            await using (session.ConfigureAwait(false))
            {
                try
                {
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
                    await session.StopAsync().ConfigureAwait(false);
                }
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

            await ProofPublisher.PublishAsync(run, writer, factory, CancellationToken.None).ConfigureAwait(false);
            var usage = recorder.Usage.Total > 0 ? recorder.Usage : turn.Usage;
            var cost = decimal.Round(usage.Cost(options.Price), 6);
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
}
