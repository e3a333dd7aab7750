using System.Globalization;
using Omk.Processes;

namespace Omk.Cli;

/// <summary>A timeout option's value: a duration longer than zero and at most <see cref="Longest"/>; anything else is a usage error.</summary>
public static class TimeoutOption
{
    /// <summary>The longest timeout taken: a week (timers reach only about 49 days, and no gate should need more than this).</summary>
    public static readonly TimeSpan Longest = TimeSpan.FromDays(7);

    public static TimeSpan Parse(string option, string text)
    {
        if (IsZero(text))
        {
            throw new UsageException($"{option} '{text}' must be longer than zero (examples: 90s, 10m, 1h).");
        }

        if (!DurationText.TryParse(text, out var duration))
        {
            throw new UsageException($"{option} '{text}' is not a duration (examples: 90s, 10m, 1h).");
        }

        if (duration > Longest)
        {
            throw new UsageException($"{option} '{text}' is too long: at most {Longest.TotalHours.ToString(CultureInfo.InvariantCulture)}h.");
        }

        return duration;
    }

    // "0", "0s", "0m", "0.0h": a number that is zero, with or without a unit.
    private static bool IsZero(string text)
    {
        var digits = text.Trim().TrimEnd("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".ToCharArray());
        return double.TryParse(digits, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n == 0;
    }
}
