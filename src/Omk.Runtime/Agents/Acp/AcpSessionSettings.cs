namespace Omk.Agents.Acp;

/// <summary>
/// What the ACP driver needs beyond <see cref="AgentSessionOptions"/>: how to introduce itself, which permission
/// mode to select, and where the agent keeps a session log (Kimi Code only; other ACP agents have none).
/// </summary>
public sealed record AcpSessionSettings
{
    /// <summary>The <c>clientInfo.name</c> sent at <c>initialize</c>.</summary>
    public string ClientName { get; init; } = "omk";

    /// <summary>The <c>clientInfo.version</c> sent at <c>initialize</c>: the runtime's version.</summary>
    public string ClientVersion { get; init; } = RuntimeVersion();

    /// <summary>
    /// A value for <c>session/set_config_option {configId:"mode"}</c> after <c>session/new</c>, or null (the default)
    /// to keep the agent's own default mode. Omk keeps the default so that every tool use the agent wants to make
    /// arrives as a permission request and goes through the <see cref="Approvals.ApprovalGate"/>, which records it
    /// (even under the yolo policy). Selecting the agent's "yolo" mode would approve inside the agent, unrecorded.
    /// </summary>
    public string? Mode { get; init; }

    /// <summary>
    /// Kimi Code's session directory (<c>$KIMI_CODE_HOME/sessions</c>), whose
    /// <c>&lt;workspace&gt;/&lt;session id&gt;/agents/*/wire.jsonl</c> logs carry what ACP does not: per-step token
    /// usage (<c>usage.record</c>) and whether a turn failed (<c>turn.ended</c>). Null for agents without such a log:
    /// then a turn's outcome is what ACP says and its usage is what the prompt answer reports, if anything.
    /// </summary>
    public string? KimiSessionsDirectory { get; init; }

    /// <summary>
    /// An earlier session of the agent to continue (ACP <c>session/resume</c>: its history stays with the agent and is
    /// not replayed) instead of <c>session/new</c>; null starts a new session. Kimi Code advertises it
    /// (<c>sessionCapabilities.resume</c>); an agent that does not know the method fails the start with its answer.
    /// </summary>
    public string? ResumeSessionId { get; init; }

    /// <summary>How long <c>initialize</c>, <c>session/new</c> (or <c>session/resume</c>) and the mode change may take together.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>After <c>session/cancel</c>, how long to wait for the agent to end the turn before reporting it ended anyway.</summary>
    public TimeSpan CancelGrace { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the session log is read during a turn (for live token usage).</summary>
    public TimeSpan SessionLogPollInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>After the prompt is answered, how long to wait for the session log to record the turn's end.</summary>
    public TimeSpan SessionLogSettleTimeout { get; init; } = TimeSpan.FromSeconds(3);

    private static string RuntimeVersion()
    {
        var version = typeof(AcpSessionSettings).Assembly.GetName().Version;
        return version is null ? "0.0.0" : version.ToString(3);
    }
}
