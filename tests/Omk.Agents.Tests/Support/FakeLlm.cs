using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Omk.Agents.Tests.Support;

/// <summary>
/// An OpenAI-compatible chat-completions server on 127.0.0.1 (a free port) that streams scripted answers as SSE,
/// the way the Kimi Code CLI's <c>openai</c> provider expects: one scripted answer per model call, in order.
/// Calls without tools (titles and other side calls) get a short text answer and leave the script alone.
/// <c>GET /v1/models</c> lists the one model. Everything served is counted, so tests can compare usage.
/// <para>
/// Several agents at once: <see cref="StartRoutedAsync"/> gives each route its own script. A request goes to the route
/// named by the marker <c>[route:NAME]</c> in its first user message (the session's first prompt, which every later
/// request of the session repeats); requests without a known marker use the unrouted script.
/// </para>
/// </summary>
public sealed partial class FakeLlm : IAsyncDisposable
{
    public const string ModelName = "scripted";

    private readonly ConcurrentQueue<FakeAnswer> _script;
    private readonly ConcurrentDictionary<string, ConcurrentQueue<FakeAnswer>> _routes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _servedByRoute = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _phraseRoutes = new(StringComparer.Ordinal);
    private readonly WebApplication _app;
    private readonly SemaphoreSlim _toolRequests = new(0);
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _requests = new();
    private int _served;
    private int _sideCalls;
    private int _unscripted;

    private FakeLlm(IEnumerable<FakeAnswer> script, WebApplication app)
    {
        _script = new ConcurrentQueue<FakeAnswer>(script);
        _app = app;
    }

    public string BaseUrl { get; private set; } = string.Empty;

    /// <summary>Scripted answers served (or started: a hanging answer counts when its request arrived).</summary>
    public int Served => Volatile.Read(ref _served);

    /// <summary>The bodies of the scripted (tool-carrying) requests, in arrival order: what the agent sent the model.</summary>
    public IReadOnlyList<string> ScriptedRequests => [.. _requests];

    public int SideCalls => Volatile.Read(ref _sideCalls);

    /// <summary>Calls that came after the script ran out.</summary>
    public int Unscripted => Volatile.Read(ref _unscripted);

    /// <summary>
    /// Points the Kimi Code CLI whose config home is <paramref name="codeHome"/> at this server: a <c>config.toml</c>
    /// with an <c>openai</c> provider on <see cref="BaseUrl"/> and the <see cref="ModelName"/> model as the default.
    /// </summary>
    public Task WriteKimiConfigAsync(string codeHome)
    {
        Directory.CreateDirectory(codeHome);
        return File.WriteAllTextAsync(Path.Combine(codeHome, "config.toml"), $"""
            default_model = "fake"
            [providers.fakellm]
            type = "openai"
            base_url = "{BaseUrl}"
            api_key = "dummy"
            [models.fake]
            provider = "fakellm"
            model = "{ModelName}"
            max_context_size = 200000
            capabilities = ["tool_use"]
            """);
    }

    /// <summary>Scripted answers served to the route <paramref name="route"/> (requests marked <c>[route:NAME]</c>).</summary>
    public int ServedFor(string route) => _servedByRoute.GetValueOrDefault(route);

    /// <summary>The marker that sends a session's requests to <paramref name="route"/>: put it in the session's first prompt.</summary>
    public static string RouteMarker(string route) => $"[route:{route}]";

    /// <summary>
    /// Also sends a session whose first prompt contains <paramref name="phrase"/> to <paramref name="route"/> (checked before
    /// the markers): for prompts a test does not write itself, such as the goal controller's planner and reviewer turns.
    /// </summary>
    public void RouteByPhrase(string phrase, string route) => _phraseRoutes[phrase] = route;

    /// <summary>A server with one script per route (see <see cref="RouteMarker"/>) and an unrouted <paramref name="script"/>.</summary>
    public static async Task<FakeLlm> StartRoutedAsync(IReadOnlyDictionary<string, FakeAnswer[]> routes, params FakeAnswer[] script)
    {
        var llm = await StartAsync(script).ConfigureAwait(false);
        foreach (var (route, answers) in routes)
        {
            llm._routes[route] = new ConcurrentQueue<FakeAnswer>(answers);
        }

        return llm;
    }

    public static async Task<FakeLlm> StartAsync(params FakeAnswer[] script)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var llm = new FakeLlm(script, app);
        app.MapGet("/v1/models", () => Results.Json(new JsonObject
        {
            ["object"] = "list",
            ["data"] = new JsonArray(new JsonObject { ["id"] = ModelName, ["object"] = "model" }),
        }));
        app.MapPost("/v1/chat/completions", llm.CompleteAsync);
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        llm.BaseUrl = $"http://127.0.0.1:{new Uri(address).Port}/v1";
        return llm;
    }

    /// <summary>Waits for the next scripted call to arrive (each call is waited for once).</summary>
    public async Task WaitForScriptedCallAsync(TimeSpan timeout)
    {
        if (!await _toolRequests.WaitAsync(timeout).ConfigureAwait(false))
        {
            throw new TimeoutException($"The agent made no model call within {timeout.TotalSeconds:0} s.");
        }
    }

    private async Task CompleteAsync(HttpContext context)
    {
        using var body = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted).ConfigureAwait(false);
        var hasTools = body.RootElement.TryGetProperty("tools", out var tools) && tools.ValueKind == JsonValueKind.Array && tools.GetArrayLength() > 0;
        FakeAnswer answer;
        if (!hasTools)
        {
            Interlocked.Increment(ref _sideCalls);
            answer = new FakeAnswer { Text = "Fake title", PromptTokens = 0, CompletionTokens = 0 };
        }
        else if (RouteOf(body.RootElement) is { } route && _routes.TryGetValue(route, out var routed))
        {
            if (routed.TryDequeue(out var scripted))
            {
                _requests.Enqueue(body.RootElement.GetRawText());
                _servedByRoute.AddOrUpdate(route, 1, (_, n) => n + 1);
                Interlocked.Increment(ref _served);
                _toolRequests.Release();
                answer = scripted;
            }
            else
            {
                Interlocked.Increment(ref _unscripted);
                answer = FakeAnswer.Say($"(the fake LLM's script for route {route} is exhausted)");
            }
        }
        else if (_script.TryDequeue(out var next))
        {
            _requests.Enqueue(body.RootElement.GetRawText());
            Interlocked.Increment(ref _served);
            _toolRequests.Release();
            answer = next;
        }
        else
        {
            Interlocked.Increment(ref _unscripted);
            answer = FakeAnswer.Say("(the fake LLM's script is exhausted)");
        }

        if (answer.Delay > TimeSpan.Zero || answer.Release is not null)
        {
            try
            {
                await Task.Delay(answer.Delay, context.RequestAborted).ConfigureAwait(false);
                await (answer.Release ?? Task.CompletedTask).WaitAsync(context.RequestAborted).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        if (answer.ErrorStatus is { } status)
        {
            context.Response.StatusCode = status;
            await context.Response.WriteAsJsonAsync(
                new JsonObject { ["error"] = new JsonObject { ["message"] = answer.ErrorMessage, ["type"] = "invalid_request_error" } },
                context.RequestAborted).ConfigureAwait(false);
            return;
        }

        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        var stream = new SseWriter(context.Response);
        await stream.ChunkAsync(new JsonObject { ["role"] = "assistant", ["content"] = string.Empty }).ConfigureAwait(false);
        if (!string.IsNullOrEmpty(answer.Text))
        {
            await stream.ChunkAsync(new JsonObject { ["content"] = answer.Text }).ConfigureAwait(false);
        }

        for (var i = 0; i < answer.ToolCalls.Count; i++)
        {
            var (name, arguments) = answer.ToolCalls[i];
            var call = new JsonObject
            {
                ["index"] = i,
                ["id"] = $"tc_{Served}_{i + 1}",
                ["type"] = "function",
                ["function"] = new JsonObject { ["name"] = name, ["arguments"] = arguments.ToJsonString() },
            };
            await stream.ChunkAsync(new JsonObject { ["tool_calls"] = new JsonArray(call) }).ConfigureAwait(false);
        }

        await stream.ChunkAsync(new JsonObject(), answer.ToolCalls.Count > 0 ? "tool_calls" : "stop").ConfigureAwait(false);
        var usage = new JsonObject
        {
            ["prompt_tokens"] = answer.PromptTokens,
            ["completion_tokens"] = answer.CompletionTokens,
            ["total_tokens"] = answer.PromptTokens + answer.CompletionTokens,
        };
        if (answer.CachedTokens > 0)
        {
            usage["prompt_tokens_details"] = new JsonObject { ["cached_tokens"] = answer.CachedTokens };
        }

        await stream.UsageAsync(usage).ConfigureAwait(false);
        await stream.DoneAsync().ConfigureAwait(false);
    }

    /// <summary>The route named in the first user message of a request that names one, or null.</summary>
    private string? RouteOf(JsonElement request)
    {
        if (_routes.IsEmpty || !request.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        foreach (var message in messages.EnumerateArray())
        {
            if (message.TryGetProperty("role", out var role) && role.GetString() == "user" && message.TryGetProperty("content", out var content))
            {
                // The first user message that carries a marker: an agent may put context of its own before the prompt.
                var text = content.ValueKind == JsonValueKind.String ? content.GetString() : content.GetRawText();
                foreach (var (phrase, phraseRoute) in _phraseRoutes)
                {
                    if (text?.Contains(phrase, StringComparison.Ordinal) == true)
                    {
                        return phraseRoute;
                    }
                }

                var match = RouteMarkerPattern().Match(text ?? string.Empty);
                if (match.Success)
                {
                    return match.Groups[1].Value;
                }
            }
        }

        return null;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\[route:([A-Za-z0-9_.-]+)\]")]
    private static partial System.Text.RegularExpressions.Regex RouteMarkerPattern();

    public async ValueTask DisposeAsync()
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await _app.StopAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        await _app.DisposeAsync().ConfigureAwait(false);
        _toolRequests.Dispose();
    }

    /// <summary>Writes <c>data: {chat.completion.chunk}</c> events, flushing each.</summary>
    private sealed class SseWriter(HttpResponse response)
    {
        private readonly long _created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        public Task ChunkAsync(JsonObject delta, string? finishReason = null) =>
            WriteAsync(Envelope(new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta, ["finish_reason"] = finishReason })));

        public Task UsageAsync(JsonObject usage)
        {
            var envelope = Envelope(new JsonArray());
            envelope["usage"] = usage;
            return WriteAsync(envelope);
        }

        public async Task DoneAsync()
        {
            await response.Body.WriteAsync("data: [DONE]\n\n"u8.ToArray()).ConfigureAwait(false);
            await response.Body.FlushAsync().ConfigureAwait(false);
        }

        private JsonObject Envelope(JsonArray choices) => new()
        {
            ["id"] = "chatcmpl-fake",
            ["object"] = "chat.completion.chunk",
            ["created"] = _created,
            ["model"] = ModelName,
            ["choices"] = choices,
        };

        private async Task WriteAsync(JsonObject chunk)
        {
            await response.Body.WriteAsync(Encoding.UTF8.GetBytes("data: " + chunk.ToJsonString() + "\n\n")).ConfigureAwait(false);
            await response.Body.FlushAsync().ConfigureAwait(false);
        }
    }
}
