using System.Text;

namespace Omk.Agents.Wire;

/// <summary>What one turn produced so far: its text, the token usage summed over its steps, and its tool calls.</summary>
internal sealed class WireTurnState
{
    private readonly StringBuilder _text = new();
    private readonly List<string> _order = [];
    private readonly Dictionary<string, AgentToolCall> _calls = new(StringComparer.Ordinal);

    public TokenUsage Usage { get; private set; } = TokenUsage.Zero;

    public string Text => _text.ToString();

    public IReadOnlyList<AgentToolCall> ToolCalls => _order.Select(id => _calls[id]).ToList();

    public void Apply(AgentUpdate update)
    {
        switch (update)
        {
            case AgentMessageChunk chunk:
                _text.Append(chunk.Text);
                break;
            case AgentUsage usage:
                Usage = Usage.Add(usage.Usage);
                break;
            case AgentToolCall call:
                if (!_calls.ContainsKey(call.ToolCallId))
                {
                    _order.Add(call.ToolCallId);
                }

                _calls[call.ToolCallId] = call;
                break;
        }
    }
}
