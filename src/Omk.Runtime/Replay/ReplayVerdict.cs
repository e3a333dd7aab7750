namespace Omk.Replay;

/// <summary>
/// How a replayed run ended, folded from its log alone: the run, its mode, the verdict and why (failures and known
/// gaps), counts of what the log held, and how long the run took.
/// </summary>
public sealed record ReplayVerdict
{
    public required string RunId { get; init; }

    public required string Mode { get; init; }

    public required string Status { get; init; }

    public required string Summary { get; init; }

    public required IReadOnlyList<string> Why { get; init; }

    public string? Commit { get; init; }

    public bool? Dirty { get; init; }

    public long? ElapsedMs { get; init; }

    public required long Events { get; init; }

    public required long Gates { get; init; }

    public required long Retries { get; init; }

    public required long Tasks { get; init; }

    public required long Approvals { get; init; }

    public long InputTokens { get; init; }

    public long OutputTokens { get; init; }
}
