using Omk.Events;
using Omk.Events.Payloads;

namespace Omk.Agents;

/// <summary>
/// Turns an agent's updates into events: token usage per step (<c>task_output</c>, <c>wire_event: "usage"</c>, with
/// the cost at the configured price), <c>file_changed</c> when a writing tool call completes on a known path, and at
/// the turn's end the assistant's text (<c>task_output</c>) and <c>task_completed</c> or <c>task_failed</c>. What the agent
/// sends after that (while it shuts down) is in its transcript only, so nothing follows the task's end in the log.
/// </summary>
public sealed class AgentEvidenceRecorder(
    IEventSink events, EventFactory factory, string workerId, string taskId, string workingDirectory, TokenPrice price)
{
    private static readonly HashSet<string> WritingTools = new(StringComparer.OrdinalIgnoreCase)
    {
        "Write", "Edit", "MultiEdit", "WriteFile", "StrReplaceFile", "NotebookEdit",
    };

    private readonly object _lock = new();
    private readonly Dictionary<string, bool> _existedBefore = new(StringComparer.Ordinal);
    private readonly HashSet<string> _recordedCalls = new(StringComparer.Ordinal);
    private bool _ended;

    public TokenUsage Usage { get; private set; } = TokenUsage.Zero;

    public int FilesChanged { get; private set; }

    /// <summary>Called for every update, from the driver's thread; false once the turn has ended (the update is not recorded).</summary>
    public bool Observe(AgentUpdate update)
    {
        lock (_lock)
        {
            if (_ended)
            {
                return false;
            }

            switch (update)
            {
                case AgentUsage usage:
                    Usage = Usage.Add(usage.Usage);
                    Append(factory.TokenUsage(new TokenUsagePayload(
                        workerId, taskId, usage.Usage.Input, usage.Usage.Output, usage.Usage.CacheRead, usage.Usage.CacheCreation,
                        decimal.Round(usage.Usage.Cost(price), 6))));
                    break;
                case AgentToolCall call when call.Tool is not null && WritingTools.Contains(call.Tool):
                    foreach (var path in call.Paths)
                    {
                        var full = Path.GetFullPath(Path.Combine(workingDirectory, path));
                        _existedBefore.TryAdd(full, File.Exists(full));
                    }

                    if (call.Status == "completed" && _recordedCalls.Add(call.ToolCallId))
                    {
                        foreach (var path in call.Paths)
                        {
                            var full = Path.GetFullPath(Path.Combine(workingDirectory, path));
                            var operation = !File.Exists(full) ? FileChangedPayload.Deleted
                                : _existedBefore.TryGetValue(full, out var existed) && existed ? FileChangedPayload.Modified
                                : FileChangedPayload.Created;
                            Append(factory.FileChanged(new FileChangedPayload(Relative(full), operation), workerId));
                            FilesChanged++;
                        }
                    }

                    break;
            }

            return true;
        }
    }

    /// <summary>Records the turn's outcome; later updates are no longer recorded.</summary>
    public async Task TurnEndedAsync(AgentTurn turn)
    {
        lock (_lock)
        {
            _ended = true;
        }

        if (turn.Text.Length > 0)
        {
            await events.AppendAsync(
                factory.TaskOutput(new TaskOutputPayload(turn.Text, taskId, workerId, Summary(turn.Text), "agent_message")),
                CancellationToken.None).ConfigureAwait(false);
        }

        var @event = turn.Succeeded
            ? factory.TaskCompleted(new TaskCompletedPayload(taskId, workerId, $"{turn.StopReason} in {turn.Duration.TotalSeconds:0.0} s"))
            : factory.TaskFailed(new TaskFailedPayload(taskId, workerId, turn.FailureReason is null ? turn.StopReason : $"{turn.StopReason}: {turn.FailureReason}"));
        await events.AppendAsync(@event, CancellationToken.None).ConfigureAwait(false);
    }

    private void Append(Event e) => events.AppendAsync(e, CancellationToken.None).AsTask().GetAwaiter().GetResult();

    private string Relative(string full)
    {
        var relative = Path.GetRelativePath(workingDirectory, full);
        return (relative.StartsWith("..", StringComparison.Ordinal) ? full : relative).Replace('\\', '/');
    }

    private static string Summary(string text) =>
        Processes.OutputSummary.Summarize(text);
}
