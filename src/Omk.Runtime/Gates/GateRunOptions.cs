namespace Omk.Gates;

/// <summary>How gates are run: how many at once and the timeout of gates that declare none.</summary>
public sealed record GateRunOptions
{
    /// <summary>Gates running at once; 1 runs them one by one in declaration order (dependencies first).</summary>
    public int Parallelism { get; init; } = 1;

    public TimeSpan DefaultTimeout { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>How many times a failed gate is run again, for gates that declare no <c>retries</c> of their own.</summary>
    public int Retries { get; init; }
}
