using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Omk.Agents.Protocol;

namespace Omk.Agents.Wire;

/// <summary>
/// Drives <c>kimi --wire</c> (Wire protocol 1.10 of the legacy Python kimi-cli; shared/reference/kimi-wire.md) through
/// the agent abstraction: string JSON-RPC ids, an optional <c>initialize</c> handshake (a server that answers -32601
/// is driven without it), one <c>prompt</c> per turn, <c>cancel</c>, <c>steer</c> and <c>replay</c>. Every event
/// becomes an update (<see cref="WireEventTranslator"/>), every agent request is answered
/// (<see cref="WireRequestHandler"/>), every line is in the transcript. A turn ends <c>end_turn</c>, <c>cancelled</c> or <c>max_steps_reached</c> as the agent says;
/// <c>failed</c> when the prompt gets a JSON-RPC error; <c>crashed</c> when the process dies (exit code and stderr tail
/// in <see cref="AgentTurn.FailureReason"/>); <c>timed_out</c> after <see cref="AgentSessionOptions.TurnTimeout"/>
/// (the agent is cancelled, and stopped if it does not answer the cancel within the stop grace).
/// </summary>
public sealed partial class WireAgentSession : IAgentSession
{
    private readonly AgentSessionOptions _options;
    private readonly WireEventTranslator _translator = new();
    private readonly WireRequestHandler _requests;
    private readonly object _lock = new();
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private AgentProcess? _process;
    private JsonRpcConnection? _connection;
    private WireTurnState? _turn;
    private int _turns;
    private int _stopped;
    private int _replaying;

    public WireAgentSession(AgentSessionOptions options)
    {
        _options = options;
        _requests = new WireRequestHandler(options.Approvals);
    }

    public AgentInfo? Info { get; private set; }

    /// <summary>The agent's answer to <c>initialize</c> (slash commands, hooks, capabilities); null without the handshake.</summary>
    public JsonElement? InitializeResult { get; private set; }

    /// <summary>The client version sent in <c>initialize</c>; the runtime's version by default.</summary>
    public string ClientVersion { get; init; } = RuntimeVersion();

    /// <summary>How long <see cref="StartAsync"/> waits for the answer to <c>initialize</c>.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(60);

    public Task<int> Exited => _exited.Task;

    /// <summary>Lines from the agent that were not JSON-RPC (each is in the transcript and was reported as a "malformed" note).</summary>
    public long MalformedLines => _connection?.MalformedLines ?? 0;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_process is not null)
        {
            throw new InvalidOperationException("The Wire session is already started.");
        }

        _process = _options.Process ?? AgentProcess.Start(_options.Command);
        _ = _process.Exited.ContinueWith(t => _exited.TrySetResult(t.Result), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        _connection = new JsonRpcConnection(_process, _options.Transcript, stringIds: true)
        {
            OnNotification = OnNotification,
            OnRequest = OnRequestAsync,
            OnMalformedLine = line => Publish(new AgentNote("malformed", WireJson.StringElement(line))),
        };
        _connection.Start();

        using var handshake = new CancellationTokenSource(HandshakeTimeout, _options.Time);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, handshake.Token);
        try
        {
            var result = await _connection.RequestAsync("initialize", InitializeParams(), limit.Token).ConfigureAwait(false);
            InitializeResult = result;
            var server = WireJson.Property(result, "server");
            Info = new AgentInfo("wire", WireJson.String(server, "name"), WireJson.String(server, "version"), WireJson.String(result, "protocol_version"));
        }
        catch (JsonRpcException ex) when (ex.Code == -32601)
        {
            // A server without the handshake: prompt works without it (spec §1.3).
            Info = new AgentInfo("wire", null, null, null);
            Note("initialize_unsupported", new JsonObject { ["code"] = ex.Code, ["message"] = ex.ErrorMessage });
        }
        catch (Exception ex) when (ex is JsonRpcException or AgentExitedException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            var reason = ex is OperationCanceledException ? $"did not answer initialize within {HandshakeTimeout.TotalSeconds:0} s" : ex.Message;
            var stderr = _process.StderrTail.Trim();
            await StopAsync().ConfigureAwait(false);
            throw new AgentStartException(
                $"The Wire agent '{_options.Command.CommandLine}' failed its handshake: {reason}{(stderr.Length == 0 ? string.Empty : $" (stderr: {WireTurnOutcome.Tail(stderr)})")}", ex);
        }
    }

    public async Task<AgentTurn> PromptAsync(string text, CancellationToken cancellationToken)
    {
        var connection = Connection("prompting it");
        Volatile.Write(ref _replaying, 0);
        var turn = new WireTurnState();
        lock (_lock)
        {
            // A second prompt while one runs is still sent (the agent answers -32000); events stay with the first.
            if (_turn is null)
            {
                _turn = turn;
                _translator.ToolCalls.Reset();
            }
        }

        var number = Interlocked.Increment(ref _turns);
        var started = _options.Time.GetTimestamp();
        var outcome = new WireTurnOutcome(this, _options, _process!);
        using var timeout = _options.TurnTimeout is { } limit ? new CancellationTokenSource(limit, _options.Time) : new CancellationTokenSource();
        using var interrupt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        string stopReason;
        string? failure;
        try
        {
            var prompt = connection.RequestAsync("prompt", new JsonObject { ["user_input"] = text }, CancellationToken.None);
            try
            {
                (stopReason, failure) = WireTurnOutcome.FromResult(await prompt.WaitAsync(interrupt.Token).ConfigureAwait(false));
            }
            catch (OperationCanceledException) when (interrupt.IsCancellationRequested && !prompt.IsCompleted)
            {
                (stopReason, failure) = await outcome.InterruptAsync(prompt, timedOut: !cancellationToken.IsCancellationRequested).ConfigureAwait(false);
            }
        }
        catch (JsonRpcException ex)
        {
            (stopReason, failure) = ("failed", $"{ex.ErrorMessage} (JSON-RPC error {ex.Code})");
        }
        catch (AgentExitedException)
        {
            (stopReason, failure) = ("crashed", await outcome.CrashReasonAsync().ConfigureAwait(false));
        }
        finally
        {
            lock (_lock)
            {
                if (_turn == turn)
                {
                    _turn = null;
                }
            }
        }

        AgentTurn result;
        lock (_lock)
        {
            result = new AgentTurn(stopReason, turn.Text, turn.Usage, turn.ToolCalls, _options.Time.GetElapsedTime(started), failure);
        }

        Note("turn_end", new JsonObject
        {
            ["turn"] = number,
            ["stop_reason"] = result.StopReason,
            ["failure_reason"] = result.FailureReason,
            ["duration_ms"] = (long)result.Duration.TotalMilliseconds,
            ["malformed_lines"] = MalformedLines,
        }, publish: false);
        return result;
    }

    /// <summary>Asks the agent to stop the running turn (its prompt then ends <c>cancelled</c>); with no turn running the agent says so and nothing happens.</summary>
    public async Task CancelTurnAsync()
    {
        if (_connection is null || Volatile.Read(ref _stopped) == 1)
        {
            return;
        }

        try
        {
            await SendCancelAsync().WaitAsync(_options.StopGrace, _options.Time).ConfigureAwait(false);
        }
        catch (JsonRpcException ex)
        {
            Note("cancel_rejected", new JsonObject { ["code"] = ex.Code, ["message"] = ex.ErrorMessage });
        }
        catch (Exception ex) when (ex is AgentExitedException or TimeoutException)
        {
        }
    }

    /// <summary>
    /// Adds input to the running turn (Wire 1.4 <c>steer</c>): the agent queues it and injects it after the current
    /// step. True when the agent took it; false when no turn was running (-32000).
    /// </summary>
    public async Task<bool> SteerAsync(string text, CancellationToken cancellationToken = default)
    {
        var connection = Connection("steering it");
        try
        {
            var result = await connection.RequestAsync("steer", new JsonObject { ["user_input"] = text }, cancellationToken).ConfigureAwait(false);
            return WireJson.String(result, "status") == "steered";
        }
        catch (JsonRpcException ex) when (ex.Code == -32000)
        {
            Note("steer_rejected", new JsonObject { ["code"] = ex.Code, ["message"] = ex.ErrorMessage });
            return false;
        }
    }

    /// <summary>
    /// Asks the agent to re-send the session's recorded events and requests (Wire 1.3 <c>replay</c>, e.g. after
    /// <see cref="KimiWireOptions.Continue"/>): they arrive as updates like live ones, and the re-sent requests are not
    /// answered (they were answered when they happened). Requests stay unanswered until the next prompt, since re-sent
    /// ones may still be in flight when the replay's answer arrives. A JSON-RPC error (-32000 while a turn runs) is
    /// thrown as <see cref="JsonRpcException"/>.
    /// </summary>
    public async Task<WireReplay> ReplayAsync(CancellationToken cancellationToken = default)
    {
        var connection = Connection("replaying it");
        Volatile.Write(ref _replaying, 1);
        var result = await connection.RequestAsync("replay", new JsonObject(), cancellationToken).ConfigureAwait(false);
        return new WireReplay(WireJson.String(result, "status") ?? "unknown", WireJson.Long(result, "events"), WireJson.Long(result, "requests"));
    }

    public async Task StopAsync()
    {
        if (_process is null || Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        // Closing stdin ends the server (pending requests are settled on its side); the group is killed after the grace.
        await _process.StopAsync(_options.StopGrace).ConfigureAwait(false);
        if (_connection is not null)
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        if (_process is not null)
        {
            await _process.DisposeAsync().ConfigureAwait(false);
        }
    }

    internal Task<JsonElement> SendCancelAsync() =>
        (_connection ?? throw new InvalidOperationException("The Wire session is not started.")).RequestAsync("cancel", new JsonObject(), CancellationToken.None);

    /// <summary>Records an outcome line in the transcript (<c>dir: "note"</c>) and, unless told not to, publishes it as a note.</summary>
    internal void Note(string type, JsonObject details, bool publish = true)
    {
        details["event"] = type;
        _options.Transcript.Record("note", details.ToJsonString());
        if (publish)
        {
            Publish(new AgentNote(type, WireJson.Element(details)));
        }
    }

    private JsonRpcConnection Connection(string doing) =>
        _connection is null ? throw new InvalidOperationException($"Start the Wire session before {doing}.")
        : Volatile.Read(ref _stopped) == 1 ? throw new InvalidOperationException($"The Wire agent '{_options.Command.Program}' was stopped; start a new session before {doing}.")
        : _connection;

    private JsonObject InitializeParams() => new()
    {
        ["protocol_version"] = KimiWire.ProtocolVersion,
        ["client"] = new JsonObject { ["name"] = "omk", ["version"] = ClientVersion },
        ["capabilities"] = new JsonObject { ["supports_question"] = false, ["supports_plan_mode"] = false },
    };

    private static string RuntimeVersion()
    {
        var version = typeof(WireAgentSession).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? typeof(WireAgentSession).Assembly.GetName().Version?.ToString(3)
            ?? "0.0.0";
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? version : version[..plus];
    }

    internal static string Format(TimeSpan time) =>
        time.TotalSeconds >= 1 ? time.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture) + " s" : time.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + " ms";
}
