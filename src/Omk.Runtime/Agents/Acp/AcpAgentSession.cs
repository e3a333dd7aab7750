using System.Text.Json;
using System.Text.Json.Nodes;
using Omk.Agents.Protocol;

namespace Omk.Agents.Acp;

/// <summary>
/// An agent driven over the Agent Client Protocol (ACP, protocolVersion 1): <c>kimi acp</c> and other ACP agents.
/// Start runs <c>initialize</c> and <c>session/new</c> (optionally a mode); a turn is one <c>session/prompt</c>
/// whose <c>session/update</c> notifications become <see cref="AgentUpdate"/>s; <c>session/request_permission</c>
/// goes through the <see cref="Approvals.ApprovalGate"/>; any other agent request (<c>fs/*</c>, <c>terminal/*</c>,
/// which Omk does not advertise) gets JSON-RPC error -32601.
/// <para>
/// A turn ends <c>cancelled</c> (the token, <see cref="CancelTurnAsync"/>: <c>session/cancel</c> is sent),
/// <c>timed_out</c> (<see cref="AgentSessionOptions.TurnTimeout"/>), <c>crashed</c> (the process exited; exit code
/// and stderr tail in the failure reason), <c>failed</c> (a JSON-RPC error on the prompt, or the agent's session log
/// says the turn failed: Kimi Code 2.1.0 answers <c>end_turn</c> even when its provider failed), or with the
/// agent's own stop reason.
/// </para>
/// </summary>
public sealed partial class AcpAgentSession : IAgentSession
{
    private readonly AgentSessionOptions _options;
    private readonly AcpSessionSettings _settings;
    private readonly AcpUpdateTranslator _translator = new();
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private AgentProcess? _process;
    private JsonRpcConnection? _connection;
    private KimiSessionLog? _log;
    private volatile AcpTurnState? _turn;
    private volatile CancellationTokenSource? _interrupt;
    private CancellationToken _turnStop;
    private int _turnRunning;
    private int _connectionClosed;
    private volatile bool _stopping;
    private volatile bool _inputClosed;

    public AcpAgentSession(AgentSessionOptions options, AcpSessionSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _settings = settings ?? new AcpSessionSettings();
    }

    public AgentInfo? Info { get; private set; }

    /// <summary>The agent's session id (from <c>session/new</c>).</summary>
    public string? SessionId { get; private set; }

    /// <summary>The <c>session/new</c> answer (config options, modes, models), as the agent sent it.</summary>
    public JsonElement? SessionSetup { get; private set; }

    /// <summary>The agent process's id (the leader of its process group), once started.</summary>
    public int? ProcessId => _process?.ProcessId;

    /// <summary>Where the agent's own session log was found (Kimi Code), once a turn has looked for it.</summary>
    public string? SessionLogDirectory => _log?.SessionDirectory;

    public Task<int> Exited => _exited.Task;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_process is not null)
        {
            throw new InvalidOperationException("This ACP session is already started.");
        }

        var command = _options.Command;
        _process = _options.Process ?? AgentProcess.Start(command);
        _ = _process.Exited.ContinueWith(
            t => _exited.TrySetResult(t.IsCompletedSuccessfully ? t.Result : -1),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        _connection = new JsonRpcConnection(_process, _options.Transcript, stringIds: false)
        {
            OnRequest = AnswerAsync,
            OnNotification = OnNotification,
        };
        _connection.Start();

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(_settings.HandshakeTimeout);
        var step = "initialize";
        try
        {
            var initialized = await RequestAsync(step, InitializeParameters(), limit.Token).ConfigureAwait(false);
            var agent = initialized.ValueKind == JsonValueKind.Object && initialized.TryGetProperty("agentInfo", out var a) ? a : default;
            var protocol = initialized.ValueKind == JsonValueKind.Object && initialized.TryGetProperty("protocolVersion", out var v) ? v.ToString() : null;
            Info = new AgentInfo("acp", AcpJson.String(agent, "name"), AcpJson.String(agent, "version"), protocol);

            var cwd = Path.GetFullPath(command.WorkingDirectory);
            var resume = _settings.ResumeSessionId;
            step = resume is null ? "session/new" : "session/resume";
            var parameters = new JsonObject { ["cwd"] = cwd, ["mcpServers"] = new JsonArray() };
            if (resume is not null)
            {
                parameters["sessionId"] = resume;
            }

            var session = await RequestAsync(step, parameters, limit.Token).ConfigureAwait(false);
            SessionSetup = session;
            SessionId = AcpJson.String(session, "sessionId") ?? resume
                ?? throw new AgentStartException($"The agent '{command.CommandLine}' answered 'session/new' without a sessionId.");

            if (_settings.Mode is { } mode)
            {
                step = "session/set_config_option";
                await RequestAsync(step, new JsonObject { ["sessionId"] = SessionId, ["configId"] = "mode", ["value"] = mode }, limit.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is JsonRpcException or AgentExitedException or OperationCanceledException or AgentStartException or ObjectDisposedException)
        {
            if (ex is AgentExitedException or ObjectDisposedException)
            {
                // Its output ended: the exit code follows right after.
                await Task.WhenAny(_exited.Task, Task.Delay(TimeSpan.FromSeconds(3), CancellationToken.None)).ConfigureAwait(false);
            }

            var message = ex switch
            {
                JsonRpcException rpc => $"The agent '{command.CommandLine}' refused '{rpc.Method}': {rpc.ErrorMessage} (JSON-RPC error {rpc.Code}).{AuthenticationHint(rpc.ErrorMessage)}",
                OperationCanceledException when !cancellationToken.IsCancellationRequested =>
                    $"The agent '{command.CommandLine}' did not answer '{step}' within {_settings.HandshakeTimeout.TotalSeconds:0} s.{StderrTail()}",
                AgentStartException start => start.Message,
                _ => $"The agent '{command.CommandLine}' ended during '{step}' ({ExitDescription()}).{StderrTail()}",
            };
            await StopAsync().ConfigureAwait(false);
            if (ex is OperationCanceledException && cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            throw new AgentStartException(message, ex);
        }

        if (_settings.KimiSessionsDirectory is { } sessions)
        {
            _log = new KimiSessionLog(sessions, SessionId, resumed: _settings.ResumeSessionId is not null);
        }
    }

    public async Task StopAsync()
    {
        _stopping = true;
        if (_process is null)
        {
            return;
        }

        await _process.StopAsync(_options.StopGrace).ConfigureAwait(false);
        if (Interlocked.Exchange(ref _connectionClosed, 1) == 0 && _connection is not null)
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

    private async Task<JsonElement> RequestAsync(string method, JsonNode parameters, CancellationToken cancellationToken)
    {
        var request = _connection!.RequestAsync(method, parameters, cancellationToken);
        Observe(request);
        if (await Task.WhenAny(request, _exited.Task).ConfigureAwait(false) != request)
        {
            await Task.WhenAny(request, Task.Delay(TimeSpan.FromMilliseconds(500), CancellationToken.None)).ConfigureAwait(false);
            if (!request.IsCompleted)
            {
                throw new AgentExitedException($"The agent {ExitDescription()} while '{method}' was pending.");
            }
        }

        return await request.ConfigureAwait(false);
    }

    private JsonObject InitializeParameters() => new()
    {
        ["protocolVersion"] = 1,
        ["clientCapabilities"] = new JsonObject
        {
            ["fs"] = new JsonObject { ["readTextFile"] = false, ["writeTextFile"] = false },
            ["terminal"] = false,
        },
        ["clientInfo"] = new JsonObject { ["name"] = _settings.ClientName, ["version"] = _settings.ClientVersion },
    };

    private string ExitDescription()
    {
        if (!_exited.Task.IsCompleted)
        {
            return "closed its output";
        }

        var code = _exited.Task.Result;
        return OperatingSystem.IsWindows() || code <= 128 ? $"exited with code {code}" : $"exited with code {code} (signal {code - 128})";
    }

    /// <summary>The last lines the agent wrote on stderr, as a sentence suffix; empty when it wrote nothing.</summary>
    private string StderrTail()
    {
        var lines = (_process?.StderrTail ?? string.Empty).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (lines.Length == 0)
        {
            return string.Empty;
        }

        var tail = string.Join(" | ", lines.TakeLast(6));
        return " stderr: " + (tail.Length > 1500 ? "…" + tail[^1500..] : tail);
    }

    private static string AuthenticationHint(string message) =>
        message.Contains("Authentication required", StringComparison.OrdinalIgnoreCase)
            ? " The agent has no usable model or login (Kimi Code: a default_model with its provider in $KIMI_CODE_HOME/config.toml, or `kimi login`)."
            : string.Empty;

    private static void Observe(Task task) =>
        _ = task.ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
}
