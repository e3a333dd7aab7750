namespace Omk.Events.Payloads;

/// <summary>
/// A team run's settings, recorded at its start as a <c>task_output</c> with <c>wire_event: "team_settings"</c>, so a
/// resume uses the same agent, policy, limits and worktree root.
/// </summary>
public sealed record TeamRunSettingsPayload(
    string Agent,
    string Driver,
    string Approval,
    int Agents,
    int Attempts,
    int FixRounds,
    double StallAfterSecs,
    string? WorktreeRoot,
    string? TasksFile,
    string WireEvent = "team_settings");
