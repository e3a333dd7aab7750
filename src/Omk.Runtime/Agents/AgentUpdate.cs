using System.Text.Json;

namespace Omk.Agents;

/// <summary>Something an agent reported during a turn. Protocol drivers translate their messages into these.</summary>
public abstract record AgentUpdate;

/// <summary>A piece of the assistant's reply (chunks are joined into the turn's text).</summary>
public sealed record AgentMessageChunk(string Text) : AgentUpdate;

/// <summary>A piece of the assistant's reasoning.</summary>
public sealed record AgentThoughtChunk(string Text) : AgentUpdate;

/// <summary>A tool call started or changed: status <c>pending|in_progress|completed|failed</c>; paths it touches when known.</summary>
public sealed record AgentToolCall(string ToolCallId, string? Tool, string? Kind, string Status, string? Input, IReadOnlyList<string> Paths) : AgentUpdate;

/// <summary>The agent's plan.</summary>
public sealed record AgentPlan(JsonElement Plan) : AgentUpdate;

/// <summary>Tokens used by one step.</summary>
public sealed record AgentUsage(TokenUsage Usage) : AgentUpdate;

/// <summary>Anything else the protocol said, kept rather than dropped (unknown types included).</summary>
public sealed record AgentNote(string Type, JsonElement Raw) : AgentUpdate;
