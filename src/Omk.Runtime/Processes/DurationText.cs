using System.Globalization;

namespace Omk.Processes;

/// <summary>Parses durations like <c>90</c> (seconds), <c>90s</c>, <c>10m</c>, <c>1h</c>, <c>1h30m</c>, <c>7d</c>.</summary>
public static class DurationText
{
    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        var s = text.Trim().ToLowerInvariant();
        if (s.Length == 0)
        {
            return false;
        }

        if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var plain))
        {
            duration = TimeSpan.FromSeconds(plain);
            return plain > 0;
        }

        var i = 0;
        while (i < s.Length)
        {
            var start = i;
            while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.'))
            {
                i++;
            }

            if (start == i || i == s.Length || !double.TryParse(s[start..i], NumberStyles.Float, CultureInfo.InvariantCulture, out var n))
            {
                return false;
            }

            var unitStart = i;
            while (i < s.Length && char.IsAsciiLetter(s[i]))
            {
                i++;
            }

            duration += s[unitStart..i] switch
            {
                "ms" => TimeSpan.FromMilliseconds(n),
                "s" or "sec" => TimeSpan.FromSeconds(n),
                "m" or "min" => TimeSpan.FromMinutes(n),
                "h" => TimeSpan.FromHours(n),
                "d" => TimeSpan.FromDays(n),
                _ => TimeSpan.MinValue,
            };
            if (duration < TimeSpan.Zero)
            {
                return false;
            }
        }

        return duration > TimeSpan.Zero;
    }
}
