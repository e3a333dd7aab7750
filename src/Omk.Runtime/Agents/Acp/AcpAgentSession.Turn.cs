using System.Text.Json.Nodes;
using Omk.Agents.Protocol;

namespace Omk.Agents.Acp;

/// <summary>One turn: <c>session/prompt</c>, and how it ends when it is cancelled, times out or loses its process.</summary>
public sealed partial class AcpAgentSession
{
    public async Task<AgentTurn> PromptAsync(string text, CancellationToken cancellationToken)
    {
        if (_connection is null || SessionId is null)
        {
            throw new InvalidOperationException("Start the ACP session before prompting it.");
        }

        if (Interlocked.Exchange(ref _turnRunning, 1) == 1)
        {
            throw new InvalidOperationException("A turn is already running in this session; wait for it to end or cancel it.");
        }

        if (_inputClosed)
        {
            Volatile.Write(ref _turnRunning, 0);
            throw new InvalidOperationException("This session served its single turn (SingleTurn): the agent's input is closed.");
        }

        var time = _options.Time;
        var started = time.GetTimestamp();
        var turn = new AcpTurnState();
        using var interrupt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var timeout = _options.TurnTimeout is { } limit ? new CancellationTokenSource(limit, time) : new CancellationTokenSource();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(interrupt.Token, timeout.Token);
        using var polling = new CancellationTokenSource();
        try
        {
            _log?.BeginTurn();
            _turn = turn;
            _turnStop = stop.Token;
            _interrupt = interrupt;
            var poller = _log is null ? Task.CompletedTask : PollLogAsync(turn, polling.Token);
            var (stopReason, failure) = await RunTurnAsync(text, stop.Token, timeout).ConfigureAwait(false);
            if (_options.SingleTurn)
            {
                // The last turn: let the agent shut down while its session log settles.
                _inputClosed = true;
                _process!.CloseInput();
            }

            await polling.CancelAsync().ConfigureAwait(false);
            await poller.ConfigureAwait(false);
            (stopReason, failure) = await SettleAsync(turn, stopReason, failure).ConfigureAwait(false);
            if (failure is not null)
            {
                _options.Transcript.Record("note", $"omk: turn ended {stopReason}: {failure}");
            }

            var (body, usage, toolCalls) = turn.Snapshot();
            return new AgentTurn(stopReason, body, usage, toolCalls, time.GetElapsedTime(started), failure);
        }
        finally
        {
            _interrupt = null;
            _turnStop = CancellationToken.None;
            _turn = null;
            Volatile.Write(ref _turnRunning, 0);
        }
    }

    public async Task CancelTurnAsync()
    {
        var interrupt = _interrupt;
        if (interrupt is null)
        {
            return;
        }

        try
        {
            await interrupt.CancelAsync().ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            // The turn ended meanwhile.
        }
    }

    private async Task<(string StopReason, string? Failure)> RunTurnAsync(string text, CancellationToken stop, CancellationTokenSource timeout)
    {
        if (_exited.Task.IsCompleted)
        {
            return Crashed();
        }

        var parameters = new JsonObject
        {
            ["sessionId"] = SessionId,
            ["prompt"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = text }),
        };
        var prompt = _connection!.RequestAsync("session/prompt", parameters, CancellationToken.None);
        Observe(prompt);
        var interrupted = Task.Delay(Timeout.InfiniteTimeSpan, stop).ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        var first = await Task.WhenAny(prompt, _exited.Task, interrupted).ConfigureAwait(false);
        if (first == interrupted)
        {
            var why = timeout.IsCancellationRequested ? "timed_out" : "cancelled";
            await NotifyCancelAsync().ConfigureAwait(false);
            var confirmed = await Task.WhenAny(prompt, _exited.Task, Task.Delay(_settings.CancelGrace, _options.Time)).ConfigureAwait(false);
            var failure = why == "timed_out" ? $"The turn did not end within {_options.TurnTimeout!.Value.TotalSeconds:0.###} s; it was cancelled." : null;
            if (confirmed != prompt)
            {
                failure = (failure is null ? string.Empty : failure + " ")
                    + $"The agent did not end the turn within {_settings.CancelGrace.TotalSeconds:0.###} s of session/cancel.";
            }

            return (why, failure);
        }

        if (first == _exited.Task)
        {
            // The answer may still be in the pipe: let the reader deliver it.
            await Task.WhenAny(prompt, Task.Delay(TimeSpan.FromMilliseconds(500))).ConfigureAwait(false);
            if (!prompt.IsCompletedSuccessfully)
            {
                return Crashed();
            }
        }

        try
        {
            var result = await prompt.ConfigureAwait(false);

            // Agents other than Kimi Code (whose usage is in its session log) may report the turn's tokens here.
            if (_log is null && AcpJson.PromptUsage(result) is { } usage)
            {
                Publish(new AgentUsage(usage), _turn);
            }

            return (AcpJson.String(result, "stopReason") ?? "end_turn", null);
        }
        catch (JsonRpcException ex)
        {
            return ("failed", $"The agent failed the prompt: {ex.ErrorMessage} (JSON-RPC error {ex.Code}).");
        }
        catch (Exception ex) when (ex is AgentExitedException or ObjectDisposedException)
        {
            await Task.WhenAny(_exited.Task, Task.Delay(TimeSpan.FromSeconds(3))).ConfigureAwait(false);
            return Crashed();
        }
    }

    private async Task NotifyCancelAsync()
    {
        try
        {
            await _connection!.NotifyAsync("session/cancel", new JsonObject { ["sessionId"] = SessionId }, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is AgentExitedException or ObjectDisposedException)
        {
            // Gone already: the turn ends either way.
        }
    }

    private (string StopReason, string? Failure) Crashed() => _stopping
        ? ("cancelled", "The session was stopped during the turn.")
        : ("crashed", $"The agent process {ExitDescription()} during the turn.{StderrTail()}");
}
