namespace Omk.Gates;

/// <summary>
/// How gates are run: how many at once and the timeout of gates that declare none. The timeout rule, the same
/// for every gate source: the gate's own timeout (a script's <c>timeout</c>), else the run's
/// (<c>--timeout</c>, MSBuild's <c>OmkGateTimeout</c>, the action's <c>timeout</c> input), else 30 minutes.
/// </summary>
public sealed record GateRunOptions
{
    /// <summary>Gates running at once; 1 runs them one by one in declaration order (dependencies first).</summary>
    public int Parallelism { get; init; } = 1;

    public static TimeSpan BuiltInTimeout { get; } = TimeSpan.FromMinutes(30);

    /// <summary>The timeout of gates that declare none (one rule for every gate source).</summary>
    public TimeSpan DefaultTimeout { get; init; } = BuiltInTimeout;

    /// <summary>Where <see cref="DefaultTimeout"/> came from (e.g. <c>--timeout</c>, <c>OmkGateTimeout</c>), recorded per gate.</summary>
    public string DefaultTimeoutOrigin { get; init; } = "default";

    /// <summary>How many times a failed gate is run again, for gates that declare no <c>retries</c> of their own.</summary>
    public int Retries { get; init; }
}
