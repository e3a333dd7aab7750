using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Omk.Agents.Protocol;

namespace Omk.Agents.Wire;

/// <summary>How a Wire turn ended: the prompt's answer mapped to a stop reason, or the story of a crash or an interrupt.</summary>
internal sealed class WireTurnOutcome(WireAgentSession session, AgentSessionOptions options, AgentProcess process)
{
    /// <summary><c>{status: finished|cancelled|max_steps_reached}</c> → <c>end_turn|cancelled|max_steps_reached</c>.</summary>
    public static (string StopReason, string? FailureReason) FromResult(JsonElement result) =>
        WireJson.String(result, "status") switch
        {
            "finished" => ("end_turn", null),
            "cancelled" => ("cancelled", null),
            "max_steps_reached" => ("max_steps_reached",
                $"The agent reached its step limit{(WireJson.Long(result, "steps") is > 0 and var steps ? $" ({steps} steps)" : string.Empty)} before finishing."),
            null => ("failed", $"The agent answered the prompt without a status: {result.GetRawText()}"),
            var other => (other, $"The agent ended the turn with status '{other}'."),
        };

    /// <summary>
    /// The turn was cancelled by the caller or ran past the turn timeout: ask the agent to cancel, give it the stop grace
    /// to answer the prompt, and stop it if it does not (a stalled agent is ended with its process group).
    /// </summary>
    public async Task<(string StopReason, string? FailureReason)> InterruptAsync(Task<JsonElement> prompt, bool timedOut)
    {
        var grace = options.StopGrace;
        var cancel = SendCancelAsync();
        var answered = await Answered(prompt, grace).ConfigureAwait(false);
        var cancelAnswer = cancel.IsCompleted ? await cancel.ConfigureAwait(false) : "no answer";
        var limit = options.TurnTimeout is { } t ? WireAgentSession.Format(t) : "its limit";
        if (answered)
        {
            var status = prompt.IsCompletedSuccessfully ? WireJson.String(prompt.Result, "status") ?? "?" : "an error";
            var reason = timedOut ? $"The turn did not end within {limit}; omk cancelled it (cancel: {cancelAnswer}; the prompt ended with {status})." : null;
            session.Note(timedOut ? "turn_timed_out" : "turn_cancelled", new JsonObject { ["cancel"] = cancelAnswer, ["prompt_status"] = status, ["stopped"] = false }, publish: false);
            return (timedOut ? "timed_out" : "cancelled", reason);
        }

        // The agent did not react: end it and its process group (the prompt then fails; nobody waits for it).
        _ = prompt.ContinueWith(t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        await session.StopAsync().ConfigureAwait(false);
        var exit = process.HasExited ? process.Exited.Result.ToString(CultureInfo.InvariantCulture) : "unknown";
        var what = timedOut ? $"The turn did not end within {limit}" : "The turn was cancelled";
        var failure = $"{what}; the agent did not answer cancel within {WireAgentSession.Format(grace)} ({cancelAnswer}), so omk stopped it (exit code {exit}).";
        session.Note(timedOut ? "turn_timed_out" : "turn_cancelled", new JsonObject { ["cancel"] = cancelAnswer, ["stopped"] = true, ["exit_code"] = exit }, publish: false);
        return (timedOut ? "timed_out" : "cancelled", failure);
    }

    /// <summary>The process ended mid-turn: its exit code and the end of its stderr.</summary>
    public async Task<string> CrashReasonAsync()
    {
        await Task.WhenAny(process.Exited, Task.Delay(TimeSpan.FromSeconds(3))).ConfigureAwait(false);
        var exit = process.HasExited ? process.Exited.Result.ToString(CultureInfo.InvariantCulture) : "unknown";

        // stderr is pumped on its own: give the last lines a moment to arrive.
        for (var i = 0; i < 20 && process.StderrTail.Length == 0; i++)
        {
            await Task.Delay(25).ConfigureAwait(false);
        }

        var stderr = Tail(process.StderrTail);
        session.Note("crashed", new JsonObject { ["exit_code"] = exit, ["stderr_tail"] = stderr }, publish: false);
        return $"The agent exited with code {exit} during the turn{(stderr.Length == 0 ? " (nothing on stderr)." : ": " + stderr)}";
    }

    /// <summary>The last lines of a stderr text (at most 5 lines, 1000 characters), joined with " | ".</summary>
    public static string Tail(string stderr)
    {
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var tail = string.Join(" | ", lines.Skip(Math.Max(0, lines.Length - 5)));
        return tail.Length <= 1000 ? tail : tail[^1000..];
    }

    private async Task<string> SendCancelAsync()
    {
        try
        {
            await session.SendCancelAsync().WaitAsync(options.StopGrace, options.Time).ConfigureAwait(false);
            return "accepted";
        }
        catch (JsonRpcException ex)
        {
            return $"error {ex.Code}: {ex.ErrorMessage}";
        }
        catch (Exception ex) when (ex is AgentExitedException or TimeoutException or InvalidOperationException)
        {
            return ex is TimeoutException ? "no answer" : "not sent: the agent is gone";
        }
    }

    private async Task<bool> Answered(Task<JsonElement> prompt, TimeSpan grace)
    {
        try
        {
            await prompt.WaitAsync(grace, options.Time).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
        catch (Exception ex) when (ex is JsonRpcException or AgentExitedException)
        {
            return true;
        }
    }
}
