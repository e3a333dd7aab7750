using System.Globalization;

namespace Omk.GateCache;

/// <summary>
/// How long reusable gate results are kept: an entry not used (stored or reused) for <see cref="MaxAge"/> is removed,
/// and a repository's results folder is cut to <see cref="MaxBytes"/> by removing the least recently used first.
/// Defaults: 30 days and 1 GiB per repository; <c>$OMK_CACHE_MAX_AGE_DAYS</c> and <c>$OMK_CACHE_MAX_SIZE_MB</c> change
/// them (0 for either: no limit of that kind). Pruning runs at most once per <see cref="Interval"/> per repository.
/// </summary>
public sealed record GateCachePolicy
{
    public const string MaxAgeVariable = "OMK_CACHE_MAX_AGE_DAYS";

    public const string MaxSizeVariable = "OMK_CACHE_MAX_SIZE_MB";

    /// <summary>Entries unused for longer are removed; null: kept whatever their age.</summary>
    public TimeSpan? MaxAge { get; init; } = TimeSpan.FromDays(30);

    /// <summary>A repository's results folder is kept at or under this many bytes; null: no size limit.</summary>
    public long? MaxBytes { get; init; } = 1024L * 1024 * 1024;

    /// <summary>How often a run prunes on its own (the <c>.pruned</c> marker's age).</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromDays(1);

    /// <summary>The default policy with the limits of the environment; a malformed value is a configuration error naming it.</summary>
    public static GateCachePolicy FromEnvironment(Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var policy = new GateCachePolicy();
        if (Number(environment, MaxAgeVariable) is { } days)
        {
            policy = policy with { MaxAge = days == 0 ? null : TimeSpan.FromDays(days) };
        }

        if (Number(environment, MaxSizeVariable) is { } megabytes)
        {
            policy = policy with { MaxBytes = megabytes == 0 ? null : (long)(megabytes * 1024 * 1024) };
        }

        return policy;
    }

    private static double? Number(Func<string, string?> environment, string variable)
    {
        var text = environment(variable);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= 0 && double.IsFinite(value)
            ? value
            : throw new Gates.GateConfigurationException($"${variable} must be a number of {(variable == MaxAgeVariable ? "days" : "megabytes")}, 0 or more (got '{text}').");
    }
}
