using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Omk.Agents;

namespace Omk.Tests.Teams;

/// <summary>One turn the in-process double agent is asked to do: where, which task, which turn of its session, the prompt.</summary>
public sealed record DoubleTurn(string WorkingDirectory, string TaskId, int Turn, string Prompt, AgentSessionOptions Options)
{
    public string Write(string relative, string contents)
    {
        var full = Path.Combine(WorkingDirectory, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, contents);
        return full;
    }
}

/// <summary>
/// An in-process agent for fast team tests: each session's turns run a scripted behaviour in the session's working
/// directory (the task's worktree), report an update (the worker's heartbeat) and tokens, and record what they saw.
/// </summary>
public sealed partial class DoubleAgent(Func<DoubleTurn, CancellationToken, Task<string>> behaviour, TokenUsage? usagePerTurn = null)
{
    private Func<DoubleTurn, CancellationToken, Task<string>> Behaviour { get; } = behaviour;

    /// <summary>The tokens each turn reports (default 100 in, 10 out).</summary>
    public TokenUsage UsagePerTurn { get; } = usagePerTurn ?? new TokenUsage(100, 10);

    public ConcurrentQueue<DoubleTurn> Turns { get; } = new();

    public ConcurrentDictionary<string, (DateTimeOffset Start, DateTimeOffset End)> Spans { get; } = new();

    public int Sessions => _sessions;

    private int _sessions;

    public IAgentSession Create(AgentSessionOptions options)
    {
        Interlocked.Increment(ref _sessions);
        return new Session(this, options);
    }

    [GeneratedRegex(@"^Task (\S+):", RegexOptions.Multiline)]
    private static partial Regex TaskLine();

    [GeneratedRegex(@"gates of task (\S+) failed")]
    private static partial Regex FixLine();

    private sealed class Session(DoubleAgent agent, AgentSessionOptions options) : IAgentSession
    {
        private readonly TaskCompletionSource<int> _exited = new();
        private int _turn;
        private string _task = "?";

        public AgentInfo? Info => new("double", "double-agent", "1", "1");

        public Task<int> Exited => _exited.Task;

        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public async Task<AgentTurn> PromptAsync(string text, CancellationToken cancellationToken)
        {
            var match = TaskLine().Match(text);
            var fix = FixLine().Match(text);
            _task = match.Success ? match.Groups[1].Value : fix.Success ? fix.Groups[1].Value : _task;
            var turn = new DoubleTurn(options.Command.WorkingDirectory, _task, _turn++, text, options);
            agent.Turns.Enqueue(turn);
            var start = DateTimeOffset.UtcNow;
            options.OnUpdate?.Invoke(new AgentMessageChunk("working"));
            try
            {
                var reply = await agent.Behaviour(turn, cancellationToken);
                options.OnUpdate?.Invoke(new AgentUsage(agent.UsagePerTurn));
                return new AgentTurn("end_turn", reply, agent.UsagePerTurn, [], DateTimeOffset.UtcNow - start);
            }
            catch (OperationCanceledException)
            {
                return new AgentTurn("cancelled", string.Empty, TokenUsage.Zero, [], DateTimeOffset.UtcNow - start);
            }
            finally
            {
                agent.Spans.AddOrUpdate(_task, (start, DateTimeOffset.UtcNow), (_, old) => (old.Start, DateTimeOffset.UtcNow));
            }
        }

        public Task CancelTurnAsync() => Task.CompletedTask;

        public Task StopAsync()
        {
            _exited.TrySetResult(0);
            return Task.CompletedTask;
        }

        public ValueTask DisposeAsync()
        {
            _exited.TrySetResult(0);
            return ValueTask.CompletedTask;
        }
    }
}
