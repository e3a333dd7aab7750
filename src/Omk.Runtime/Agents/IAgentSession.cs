namespace Omk.Agents;

/// <summary>
/// One agent process driven over its protocol: start a session in a working directory, prompt it and observe its
/// updates, answer its permission requests (through the approval gate it was given), cancel a turn, stop it.
/// The process runs in its own process group; stopping ends the whole group. If it dies, <see cref="Exited"/>
/// completes and a running turn ends as <c>crashed</c>.
/// </summary>
public interface IAgentSession : IAsyncDisposable
{
    AgentInfo? Info { get; }

    /// <summary>The agent's own id for this session once started (ACP <c>sessionId</c>), to continue it later; null when the protocol has none.</summary>
    string? SessionId => null;

    /// <summary>Completes with the exit code when the agent process ends.</summary>
    Task<int> Exited { get; }

    /// <summary>Starts the process and does the handshake and session setup.</summary>
    Task StartAsync(CancellationToken cancellationToken);

    /// <summary>Runs one turn. Cancelling the token cancels the turn (the agent is asked to stop; the turn ends as cancelled).</summary>
    Task<AgentTurn> PromptAsync(string text, CancellationToken cancellationToken);

    /// <summary>Asks the agent to stop the running turn.</summary>
    Task CancelTurnAsync();

    /// <summary>Ends the agent and its process group.</summary>
    Task StopAsync();
}
