using Omk.Events.Payloads;

namespace Omk.Teams;

/// <summary>How one attempt at a task ended (see <see cref="TeamTaskStatus"/>), with its work, findings, gates and tokens.</summary>
public sealed record TaskResult(string Status, string? Error = null)
{
    public string? Branch { get; init; }

    public string? Head { get; init; }

    public string? StartCommit { get; init; }

    public IReadOnlyList<string> ChangedFiles { get; init; } = [];

    /// <summary>What went wrong, one finding a line: handed to the next attempt's prompt.</summary>
    public IReadOnlyList<string> Findings { get; init; } = [];

    public IReadOnlyList<TaskGateResult> Gates { get; init; } = [];

    public int FixRounds { get; init; }

    public long InputTokens { get; init; }

    public long OutputTokens { get; init; }

    public decimal CostUsd { get; init; }

    public string? Summary { get; init; }

    /// <summary>The task's proof, relative to the team run directory.</summary>
    public string? Proof { get; init; }
}
