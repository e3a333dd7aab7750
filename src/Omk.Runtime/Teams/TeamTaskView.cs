using Omk.Events.Payloads;

namespace Omk.Teams;

/// <summary>A task as the team log tells it: status, attempts, worker, phase, branch and head, gates, tokens, findings.</summary>
public sealed record TeamTaskView(string Id)
{
    public string Status { get; init; } = TeamTaskStatus.Pending;

    public int Attempts { get; init; }

    public string? WorkerId { get; init; }

    public string? Phase { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public string? Branch { get; init; }

    public string? Worktree { get; init; }

    public string? StartCommit { get; init; }

    public string? Head { get; init; }

    public string? Error { get; init; }

    public IReadOnlyList<string> Findings { get; init; } = [];

    public IReadOnlyList<TaskGateResult> Gates { get; init; } = [];

    public IReadOnlyList<string> ChangedFiles { get; init; } = [];

    public int FixRounds { get; init; }

    public long InputTokens { get; init; }

    public long OutputTokens { get; init; }

    public decimal CostUsd { get; init; }

    public string? Proof { get; init; }

    public bool Stalled { get; init; }
}
