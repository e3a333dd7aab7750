using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Omk.Agents.Protocol;

/// <summary>
/// JSON-RPC 2.0 over an agent's stdin/stdout, one object per line. Requests we send get ids (numbers, or
/// strings for protocols that need them); the agent's requests go to <see cref="OnRequest"/> and must be
/// answered; its notifications go to <see cref="OnNotification"/>. Every line, both ways, is recorded in the
/// transcript. A line that is not JSON-RPC is recorded and reported to <see cref="OnMalformedLine"/>, never
/// fatal. When the agent's output ends, pending requests fail with <see cref="AgentExitedException"/>.
/// </summary>
public sealed class JsonRpcConnection : IAsyncDisposable
{
    private readonly AgentProcess _process;
    private readonly AgentTranscript _transcript;
    private readonly bool _stringIds;
    private readonly ConcurrentDictionary<string, (string Method, TaskCompletionSource<JsonElement> Result)> _pending = new();
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private Task? _reader;
    private long _nextId;

    public JsonRpcConnection(AgentProcess process, AgentTranscript transcript, bool stringIds)
    {
        _process = process;
        _transcript = transcript;
        _stringIds = stringIds;
    }

    /// <summary>Handles a request from the agent; returns the result to send back (or throws <see cref="JsonRpcException"/> for an error).</summary>
    public Func<JsonRpcMessage, CancellationToken, Task<JsonNode?>>? OnRequest { get; set; }

    public Action<JsonRpcMessage>? OnNotification { get; set; }

    public Action<string>? OnMalformedLine { get; set; }

    /// <summary>Completes when the agent's output has ended.</summary>
    public Task Completion => _reader ?? Task.CompletedTask;

    public long MalformedLines { get; private set; }

    public void Start() => _reader ??= Task.Run(ReadLoopAsync);

    public async Task<JsonElement> RequestAsync(string method, JsonNode? parameters, CancellationToken cancellationToken)
    {
        var number = Interlocked.Increment(ref _nextId);
        var id = _stringIds ? $"omk-{number}" : number.ToString(CultureInfo.InvariantCulture);
        var pending = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = (method, pending);
        var message = new JsonObject
        {
            ["jsonrpc"] = "2.0",
            ["id"] = _stringIds ? JsonValue.Create(id) : JsonValue.Create(number),
            ["method"] = method,
        };
        if (parameters is not null)
        {
            message["params"] = parameters;
        }

        try
        {
            await SendAsync(message, cancellationToken).ConfigureAwait(false);
            if (_reader is { IsCompleted: true })
            {
                throw Exited(method);
            }

            using var registration = cancellationToken.Register(() => pending.TrySetCanceled(cancellationToken));
            return await pending.Task.ConfigureAwait(false);
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    public Task NotifyAsync(string method, JsonNode? parameters, CancellationToken cancellationToken)
    {
        var message = new JsonObject { ["jsonrpc"] = "2.0", ["method"] = method };
        if (parameters is not null)
        {
            message["params"] = parameters;
        }

        return SendAsync(message, cancellationToken);
    }

    private async Task SendAsync(JsonObject message, CancellationToken cancellationToken)
    {
        var line = message.ToJsonString();
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _transcript.Record("to_agent", line);
            await _process.WriteLineAsync(line, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            throw new AgentExitedException($"The agent closed its input; it has probably exited ({_process.StderrTail.Trim()}).", ex);
        }
        catch (ObjectDisposedException ex)
        {
            // A single-turn session closes the agent's input once the turn is answered; later messages are not sent.
            throw new AgentExitedException("The agent's input is closed (its session is ending); the message was not sent.", ex);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task ReadLoopAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var line = await _process.ReadLineAsync(_stop.Token).ConfigureAwait(false);
                if (line is null)
                {
                    break;
                }

                if (line.Length == 0)
                {
                    continue;
                }

                _transcript.Record("from_agent", line);
                Dispatch(line);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (IOException)
        {
        }
        finally
        {
            foreach (var (_, (method, pending)) in _pending)
            {
                pending.TrySetException(Exited(method));
            }
        }
    }

    private void Dispatch(string line)
    {
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(line);
            root = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            Malformed(line);
            return;
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            Malformed(line);
            return;
        }

        var hasId = root.TryGetProperty("id", out var id) && id.ValueKind is JsonValueKind.String or JsonValueKind.Number;
        if (root.TryGetProperty("method", out var method) && method.ValueKind == JsonValueKind.String)
        {
            var parameters = root.TryGetProperty("params", out var p) ? p : default;
            var message = new JsonRpcMessage(method.GetString()!, parameters, hasId ? id : null);
            if (message.IsRequest)
            {
                _ = Task.Run(() => AnswerAsync(message));
            }
            else
            {
                OnNotification?.Invoke(message);
            }

            return;
        }

        if (hasId && _pending.TryGetValue(id.ValueKind == JsonValueKind.String ? id.GetString()! : id.GetRawText(), out var pending))
        {
            if (root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
            {
                var code = error.TryGetProperty("code", out var c) && c.TryGetInt32(out var n) ? n : 0;
                var text = error.TryGetProperty("message", out var m) ? m.ToString() : "error";
                pending.Result.TrySetException(new JsonRpcException(pending.Method, code, text));
            }
            else
            {
                pending.Result.TrySetResult(root.TryGetProperty("result", out var result) ? result : default);
            }

            return;
        }

        Malformed(line);
    }

    private async Task AnswerAsync(JsonRpcMessage request)
    {
        var answer = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = JsonNode.Parse(request.Id!.Value.GetRawText()) };
        try
        {
            var result = OnRequest is null
                ? throw new JsonRpcException(request.Method, -32601, $"Method not found: {request.Method}")
                : await OnRequest(request, _stop.Token).ConfigureAwait(false);
            answer["result"] = result;
        }
        catch (JsonRpcException ex)
        {
            answer["error"] = new JsonObject { ["code"] = ex.Code, ["message"] = ex.ErrorMessage };
        }
        catch (OperationCanceledException)
        {
            return;
        }

        try
        {
            await SendAsync(answer, CancellationToken.None).ConfigureAwait(false);
        }
        catch (AgentExitedException)
        {
        }
    }

    private void Malformed(string line)
    {
        MalformedLines++;
        OnMalformedLine?.Invoke(line);
    }

    private AgentExitedException Exited(string method)
    {
        var exit = _process.HasExited ? $"exited with code {_process.Exited.Result}" : "closed its output";
        var stderr = _process.StderrTail.Trim();
        return new AgentExitedException($"The agent {exit} while '{method}' was pending{(stderr.Length == 0 ? string.Empty : ": " + stderr.Split('\n')[^1])}.");
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_reader is not null)
        {
            await Task.WhenAny(_reader, Task.Delay(TimeSpan.FromSeconds(2))).ConfigureAwait(false);
        }

        _stop.Dispose();
        _writeLock.Dispose();
    }
}
