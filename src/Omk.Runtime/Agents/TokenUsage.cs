namespace Omk.Agents;

/// <summary>Tokens of one step (or a sum): input not from cache, output, and cache reads and writes.</summary>
public sealed record TokenUsage(long Input, long Output, long CacheRead = 0, long CacheCreation = 0)
{
    public static TokenUsage Zero { get; } = new(0, 0);

    public long TotalInput => Input + CacheRead + CacheCreation;

    public long Total => TotalInput + Output;

    public TokenUsage Add(TokenUsage other) =>
        new(Input + other.Input, Output + other.Output, CacheRead + other.CacheRead, CacheCreation + other.CacheCreation);

    /// <summary>Money = tokens × price (no agent protocol carries money).</summary>
    public decimal Cost(TokenPrice price) =>
        (Input * price.InputPerMillion + CacheRead * price.CacheReadPerMillion + CacheCreation * price.CacheCreationPerMillion + Output * price.OutputPerMillion) / 1_000_000m;
}
