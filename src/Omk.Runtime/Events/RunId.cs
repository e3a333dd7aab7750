using System.Globalization;
using System.Text.RegularExpressions;

namespace Omk.Events;

/// <summary>Identifies one run: <c>run-YYYYMMDD-HHMMSS-mmm</c> in UTC. Other forms (team names, goal ids) are accepted as opaque strings.</summary>
public readonly partial record struct RunId
{
    public RunId(string value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException("A run id cannot be empty.", nameof(value));
        }

        if (value.AsSpan().IndexOfAny('/', '\\') >= 0 || value is "." or "..")
        {
            throw new ArgumentException($"A run id cannot contain path separators: '{value}'.", nameof(value));
        }

        Value = value;
    }

    public string Value { get; }

    /// <summary>A run id for the given instant, to the millisecond, in UTC.</summary>
    public static RunId At(DateTimeOffset instant) =>
        new("run-" + instant.UtcDateTime.ToString("yyyyMMdd-HHmmss-fff", CultureInfo.InvariantCulture));

    public static RunId Generate(TimeProvider time) => At(time.GetUtcNow());

    /// <summary>True when the value has the generated shape <c>run-YYYYMMDD-HHMMSS-mmm</c>.</summary>
    public bool IsGenerated => GeneratedShape().IsMatch(Value);

    public override string ToString() => Value;

    [GeneratedRegex(@"^run-\d{8}-\d{6}-\d{3}$", RegexOptions.CultureInvariant)]
    private static partial Regex GeneratedShape();
}
