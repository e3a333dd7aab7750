using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Omk.WireDouble.Scenarios;

namespace Omk.WireDouble;

/// <summary>
/// The server side of Wire 1.10 as <c>kimi --wire</c> behaves (spec §1.1–1.6): reads JSON-RPC lines on stdin,
/// answers <c>initialize</c>, <c>prompt</c>, <c>cancel</c>, <c>steer</c>, <c>replay</c>, <c>set_plan_mode</c>, and
/// plays each prompt's recorded traffic (<see cref="TurnPlayback"/>). Errors follow the server's codes and messages.
/// </summary>
internal sealed class WireServer
{
    // kimi-cli (Python json) writes non-ASCII and quotes as they are; so does the double.
    private static readonly JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly DoubleOptions _options;
    private readonly WireScenario _scenario;
    private readonly JsonObject _initializeResult;
    private readonly StreamWriter _stdout;
    private readonly object _writeLock = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<JsonObject?>> _pending = new();
    private readonly List<JsonObject> _sent = [];
    private readonly List<Task> _turns = [];
    private TurnPlayback? _active;
    private int _nextTurn;
    private volatile bool _stalled;

    public WireServer(DoubleOptions options, WireScenario scenario, JsonObject initializeResult, DoubleReport report)
    {
        _options = options;
        _scenario = scenario;
        _initializeResult = initializeResult;
        Report = report;
        Placeholders = new Placeholders(options.WorkDirectory, Environment.GetEnvironmentVariable("HOME") ?? options.WorkDirectory);
        BenchLines = options.BenchEvents is { } count ? BenchStream.Lines(count) : null;
        _stdout = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false), 1 << 16) { AutoFlush = false, NewLine = "\n" };
    }

    public DoubleReport Report { get; }

    public Placeholders Placeholders { get; }

    public DoubleOptions Options => _options;

    /// <summary>Benchmark mode: the lines every prompt is answered with, built before any prompt arrives.</summary>
    public IReadOnlyList<string>? BenchLines { get; }

    public async Task<int> RunAsync()
    {
        using var input = new StreamReader(Console.OpenStandardInput(), new UTF8Encoding(false), false, 1 << 16);
        string? line;
        while ((line = await input.ReadLineAsync()) is not null)
        {
            if (_stalled)
            {
                Report.Write("ignored", new JsonObject { ["line"] = line });
                continue;
            }

            if (line.Length > 0)
            {
                Dispatch(line);
            }
        }

        Report.Write("stdin_closed");
        if (_stalled)
        {
            await Task.Delay(Timeout.Infinite); // a hung agent does not even notice its input ending
        }

        // Closing stdin ends the server; pending requests are settled (spec §1.1).
        foreach (var (_, pending) in _pending)
        {
            pending.TrySetResult(null);
        }

        await Task.WhenAny(Task.WhenAll(_turns), Task.Delay(TimeSpan.FromSeconds(2)));
        Report.Write("exit", new JsonObject { ["code"] = 0 });
        return 0;
    }

    public void Send(JsonObject message)
    {
        var line = message.ToJsonString(Json);
        lock (_writeLock)
        {
            if (message["method"] is JsonValue)
            {
                _sent.Add(message);
            }

            _stdout.Write(line);
            _stdout.Write('\n');
            _stdout.Flush();
        }
    }

    public void SendRaw(string line)
    {
        lock (_writeLock)
        {
            _stdout.Write(line);
            _stdout.Write('\n');
            _stdout.Flush();
        }
    }

    /// <summary>Writes pre-serialized lines in one go (benchmark mode), flushing each as a real server does.</summary>
    public void SendLines(IEnumerable<string> lines)
    {
        lock (_writeLock)
        {
            foreach (var line in lines)
            {
                _stdout.Write(line);
                _stdout.Write('\n');
                _stdout.Flush();
            }
        }
    }

    public void SendEvent(string type, JsonNode? payload) => Send(new JsonObject
    {
        ["jsonrpc"] = "2.0",
        ["method"] = "event",
        ["params"] = new JsonObject { ["type"] = type, ["payload"] = payload },
    });

    /// <summary>Sends an agent request and returns the client's answer (null if the connection closed first).</summary>
    public Task<JsonObject?> RequestAsync(string type, JsonNode payload, string id)
    {
        var answer = new TaskCompletionSource<JsonObject?>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = answer;
        Send(new JsonObject
        {
            ["jsonrpc"] = "2.0",
            ["id"] = id,
            ["method"] = "request",
            ["params"] = new JsonObject { ["type"] = type, ["payload"] = payload },
        });
        return answer.Task;
    }

    public void Respond(JsonNode? id, JsonObject response)
    {
        var message = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id?.DeepClone() };
        foreach (var (name, value) in response)
        {
            message[name] = value?.DeepClone();
        }

        if (message["error"] is JsonObject error && !error.ContainsKey("data"))
        {
            error["data"] = null; // the server writes every null field out
        }

        Send(message);
    }

    public void Error(JsonNode? id, int code, string message) =>
        Respond(id, new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message, ["data"] = null } });

    /// <summary>From now on the double is hung: it reads and ignores everything, and never exits on its own.</summary>
    public void Stall()
    {
        _stalled = true;
        Report.Write("stalled");
    }

    public void TurnEnded(TurnPlayback turn) => Interlocked.CompareExchange(ref _active, null, turn);

    private void Dispatch(string line)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(line);
        }
        catch (JsonException)
        {
            Report.Problem($"the client sent a line that is not JSON: {line}");
            Error(null, -32700, "Invalid JSON format");
            return;
        }

        if (node is not JsonObject message || message["jsonrpc"]?.GetValueKind() != JsonValueKind.String || message["jsonrpc"]!.GetValue<string>() != "2.0")
        {
            Report.Problem($"the client sent a line that is not JSON-RPC 2.0: {line}");
            Error(null, -32600, "Invalid request");
            return;
        }

        var id = message["id"];
        if (id is not null && id.GetValueKind() != JsonValueKind.String)
        {
            // pydantic declares id: str | None; a number fails validation.
            Report.Problem($"the client sent a non-string id: {line}");
            Error(null, -32600, "Invalid request");
            return;
        }

        if (message["method"] is JsonValue methodValue)
        {
            Handle(methodValue.GetValue<string>(), id, message["params"]);
            return;
        }

        var key = id?.GetValue<string>();
        if (key is not null && _pending.TryRemove(key, out var pending))
        {
            pending.TrySetResult(message);
            return;
        }

        Report.Problem($"the client answered a request that was not sent: {line}");
        Error(null, -32600, "Invalid response");
    }

    private void Handle(string method, JsonNode? id, JsonNode? parameters)
    {
        switch (method)
        {
            case "initialize":
                Initialize(id, parameters);
                break;
            case "prompt":
                Prompt(id, parameters);
                break;
            case "cancel":
                Call(method, id, () =>
                {
                    if (_active is not { } turn)
                    {
                        return NoTurn();
                    }

                    turn.Cancel();
                    return new JsonObject { ["result"] = new JsonObject() };
                });
                break;
            case "steer":
                Call(method, id, () =>
                {
                    if (_active is not { } turn)
                    {
                        return NoTurn();
                    }

                    turn.Steer(parameters?["user_input"]);
                    return new JsonObject { ["result"] = new JsonObject { ["status"] = "steered" } };
                });
                break;
            case "replay":
                Call(method, id, Replay);
                break;
            case "set_plan_mode":
                Call(method, id, () => Failure(-32000, "Plan mode is not supported"));
                break;
            default:
                Report.Write("call", new JsonObject { ["method"] = method, ["unknown"] = true });
                Error(id, -32601, $"Unexpected method received: {method}");
                break;
        }
    }

    private void Call(string method, JsonNode? id, Func<JsonObject> answer)
    {
        var response = answer();
        Report.Write("call", new JsonObject { ["method"] = method, ["turn"] = _active?.Index, ["response"] = response });
        Respond(id, response);
    }

    private void Initialize(JsonNode? id, JsonNode? parameters)
    {
        var problems = new JsonArray();
        if (parameters?["protocol_version"] is not JsonValue version || version.GetValueKind() != JsonValueKind.String)
        {
            problems.Add("protocol_version is not a string");
        }

        if (parameters?["client"] is { } client && client["name"] is not JsonValue)
        {
            problems.Add("client.name is missing");
        }

        if (parameters?["capabilities"] is { } capabilities && capabilities is not JsonObject)
        {
            problems.Add("capabilities is not an object");
        }

        Report.Write("initialize", new JsonObject { ["params"] = parameters?.DeepClone(), ["problems"] = problems, ["answered"] = !_options.NoInitialize });
        if (_options.NoInitialize)
        {
            Error(id, -32601, "Unexpected method received: initialize");
            return;
        }

        if (problems.Count > 0)
        {
            Error(id, -32602, "Invalid parameters for method `initialize`");
            return;
        }

        Respond(id, new JsonObject { ["result"] = Placeholders.Resolve(_initializeResult) });
    }

    private void Prompt(JsonNode? id, JsonNode? parameters)
    {
        if (parameters?["user_input"] is not { } userInput || (userInput is not JsonArray && userInput.GetValueKind() != JsonValueKind.String))
        {
            Report.Problem("prompt without user_input");
            Error(id, -32602, "Invalid parameters for method `prompt`");
            return;
        }

        var index = _nextTurn;
        if (_active is { } running)
        {
            running.SideCall("prompt");
            Report.Write("call", new JsonObject { ["method"] = "prompt", ["turn"] = running.Index, ["response"] = Failure(-32000, WireScenario.TurnRunningMessage) });
            Error(id, -32000, WireScenario.TurnRunningMessage);
            return;
        }

        ScriptTurn turn;
        if (_options.BenchEvents is not null)
        {
            turn = new ScriptTurn([], ScriptTurn.Finished);
        }
        else if (index < _scenario.Turns.Count)
        {
            turn = _scenario.Turns[index];
        }
        else
        {
            Report.Problem($"prompt {index + 1} but the script '{_scenario.Key}' has {_scenario.Turns.Count} turn(s)");
            Error(id, -32603, $"RuntimeError: the wire double's script '{_scenario.Key}' has no turn {index + 1}");
            return;
        }

        _nextTurn++;
        var sideCall = _scenario.SideCalls.FirstOrDefault(c => c.Timing == SideCallTiming.DuringTurn && c.Turn == index);
        var playback = new TurnPlayback(this, turn, index, id?.DeepClone(), userInput.DeepClone(), sideCall?.Method);
        _active = playback;
        lock (_turns)
        {
            _turns.Add(Task.Run(playback.RunAsync));
        }
    }

    private JsonObject Replay()
    {
        if (_active is not null)
        {
            return Failure(-32000, WireScenario.TurnRunningMessage);
        }

        List<JsonObject> history;
        lock (_writeLock)
        {
            history = [.. _sent];
        }

        // Re-sent as recorded in the session's wire.jsonl: events and requests (which must not be answered).
        var events = 0;
        var requests = 0;
        foreach (var message in history)
        {
            var method = message["method"]!.GetValue<string>();
            if (method == "request")
            {
                requests++;
            }
            else
            {
                events++;
            }

            SendRaw(message.ToJsonString(Json));
        }

        return new JsonObject { ["result"] = new JsonObject { ["status"] = "finished", ["events"] = events, ["requests"] = requests } };
    }

    private static JsonObject NoTurn() => Failure(-32000, WireScenario.NoTurnMessage);

    private static JsonObject Failure(int code, string message) =>
        new() { ["error"] = new JsonObject { ["code"] = code, ["message"] = message, ["data"] = null } };
}
