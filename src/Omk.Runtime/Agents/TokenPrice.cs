namespace Omk.Agents;

/// <summary>USD per million tokens; configurable (the original omk assumed $2 input, $8 output).</summary>
public sealed record TokenPrice(decimal InputPerMillion, decimal OutputPerMillion, decimal CacheReadPerMillion, decimal CacheCreationPerMillion)
{
    public static TokenPrice Default { get; } = new(2m, 8m, 0.5m, 2m);
}
