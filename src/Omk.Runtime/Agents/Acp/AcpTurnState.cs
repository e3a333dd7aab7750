using System.Text;

namespace Omk.Agents.Acp;

/// <summary>What one running turn has gathered so far; written from the reader and log threads, read at the end.</summary>
internal sealed class AcpTurnState
{
    private readonly object _lock = new();
    private readonly StringBuilder _text = new();
    private readonly List<string> _toolCallIds = [];
    private readonly Dictionary<string, AgentToolCall> _toolCalls = new(StringComparer.Ordinal);
    private TokenUsage _usage = TokenUsage.Zero;

    /// <summary>How the agent's own log says the turn ended, once it has said so.</summary>
    public KimiTurnEnded? LogEnd { get; private set; }

    public void Add(AgentUpdate update)
    {
        lock (_lock)
        {
            switch (update)
            {
                case AgentMessageChunk chunk:
                    _text.Append(chunk.Text);
                    break;
                case AgentToolCall call:
                    if (!_toolCalls.ContainsKey(call.ToolCallId))
                    {
                        _toolCallIds.Add(call.ToolCallId);
                    }

                    _toolCalls[call.ToolCallId] = call;
                    break;
                case AgentUsage usage:
                    _usage = _usage.Add(usage.Usage);
                    break;
            }
        }
    }

    public void Ended(KimiTurnEnded end)
    {
        lock (_lock)
        {
            LogEnd ??= end;
        }
    }

    public (string Text, TokenUsage Usage, IReadOnlyList<AgentToolCall> ToolCalls) Snapshot()
    {
        lock (_lock)
        {
            return (_text.ToString(), _usage, _toolCallIds.Select(id => _toolCalls[id]).ToList());
        }
    }
}
