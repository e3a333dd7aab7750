using System.Text.Json.Nodes;

namespace Omk.Agents.Tests.Support;

/// <summary>
/// One scripted answer of the fake LLM to one model call: text, tool calls, a delay before answering, or an HTTP
/// error; with the usage numbers it reports in its last chunk.
/// </summary>
public sealed record FakeAnswer
{
    public string? Text { get; init; }

    public IReadOnlyList<(string Name, JsonObject Arguments)> ToolCalls { get; init; } = [];

    public TimeSpan Delay { get; init; }

    /// <summary>Answers only once this completes (a rendezvous with the test), or never when the client gives up first.</summary>
    public Task? Release { get; init; }

    public int? ErrorStatus { get; init; }

    public string ErrorMessage { get; init; } = "scripted error";

    public int PromptTokens { get; init; } = 100;

    public int CompletionTokens { get; init; } = 10;

    /// <summary>Part of <see cref="PromptTokens"/> served from the provider's cache (<c>prompt_tokens_details.cached_tokens</c>).</summary>
    public int CachedTokens { get; init; }

    public static FakeAnswer Say(string text) => new() { Text = text };

    public static FakeAnswer Call(string tool, JsonObject arguments, string? text = null) =>
        new() { Text = text, ToolCalls = [(tool, arguments)] };

    public static FakeAnswer Fail(int status, string message) => new() { ErrorStatus = status, ErrorMessage = message };

    /// <summary>Answers only after <paramref name="delay"/> (or never, when the client gives up first).</summary>
    public static FakeAnswer Hang(TimeSpan delay) => new() { Text = "too late", Delay = delay };
}
