using System.Globalization;

namespace Omk.Budgets;

/// <summary>Budget figures in words: tokens with thousands separators, USD with cents, durations as <c>1h 05m</c>.</summary>
public static class BudgetText
{
    public static string Tokens(long tokens) => tokens.ToString("N0", CultureInfo.InvariantCulture);

    public static string Usd(decimal usd) =>
        "$" + (usd < 0.01m && usd > 0m ? usd.ToString("0.####", CultureInfo.InvariantCulture) : usd.ToString("N2", CultureInfo.InvariantCulture));

    public static string Duration(TimeSpan duration)
    {
        if (duration < TimeSpan.Zero)
        {
            duration = TimeSpan.Zero;
        }

        return duration.TotalHours >= 1
            ? $"{(int)duration.TotalHours}h {duration.Minutes:00}m"
            : duration.TotalMinutes >= 1
                ? $"{(int)duration.TotalMinutes}m {duration.Seconds:00}s"
                : $"{(int)Math.Ceiling(duration.TotalSeconds)}s";
    }
}
