namespace Omk.Agents.Wire;

/// <summary>
/// How to launch <c>kimi --wire</c> (the legacy Python kimi-cli 1.x): the program, kimi's own options, and where it
/// keeps its state. <see cref="ShareDirectory"/> and <see cref="HomeDirectory"/> isolate a run from the user's
/// <c>~/.kimi</c> (config, sessions, logs), as kimi-cli's own e2e tests do.
/// </summary>
public sealed record KimiWireOptions
{
    /// <summary>The program to run: <c>kimi</c> on PATH by default.</summary>
    public string Program { get; init; } = "kimi";

    /// <summary>Arguments before kimi's own (e.g. the script or dll when <see cref="Program"/> is an interpreter).</summary>
    public IReadOnlyList<string> ProgramArguments { get; init; } = [];

    /// <summary><c>KIMI_SHARE_DIR</c> (default <c>~/.kimi</c>): config, sessions and logs. Created if missing.</summary>
    public string? ShareDirectory { get; init; }

    /// <summary><c>HOME</c> for the agent. Created if missing.</summary>
    public string? HomeDirectory { get; init; }

    /// <summary><c>--session ID</c>: resume that session.</summary>
    public string? Session { get; init; }

    /// <summary><c>--continue</c>: continue the last session of the work directory.</summary>
    public bool Continue { get; init; }

    /// <summary><c>--yolo</c>: kimi approves everything itself and sends no ApprovalRequest (omk's policy is then not asked).</summary>
    public bool Yolo { get; init; }

    /// <summary><c>--model ALIAS</c>.</summary>
    public string? Model { get; init; }

    /// <summary><c>--thinking</c> / <c>--no-thinking</c>; null leaves kimi's default.</summary>
    public bool? Thinking { get; init; }

    /// <summary><c>--config-file PATH</c>.</summary>
    public string? ConfigFile { get; init; }

    /// <summary><c>--agent-file PATH</c>.</summary>
    public string? AgentFile { get; init; }

    /// <summary><c>--skills-dir DIR</c>.</summary>
    public string? SkillsDirectory { get; init; }

    /// <summary><c>--max-steps-per-turn N</c>.</summary>
    public int? MaxStepsPerTurn { get; init; }

    /// <summary>More arguments after the ones above.</summary>
    public IReadOnlyList<string> ExtraArguments { get; init; } = [];

    /// <summary>More environment changes (null removes a variable).</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();
}
