using System.Globalization;

namespace Omk.Benchmarks;

/// <summary>Options shared by every benchmark mode.</summary>
internal sealed record BenchmarkOptions
{
    /// <summary>Measured runs per case; the best one is reported.</summary>
    public int Runs { get; init; } = 3;

    /// <summary>Overrides a benchmark's default size (e.g. events per run), when given.</summary>
    public int? Count { get; init; }

    /// <summary>Where benchmarks write their files (a fresh folder under the system temp folder by default).</summary>
    public string? WorkDirectory { get; init; }

    /// <summary>Parses <c>--runs N</c>, <c>--count N</c>, <c>--dir PATH</c>; returns the remaining arguments (the modes).</summary>
    public static (BenchmarkOptions Options, List<string> Modes) Parse(string[] args)
    {
        var options = new BenchmarkOptions();
        var modes = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--runs":
                    options = options with { Runs = PositiveInt(args, ++i, "--runs") };
                    break;
                case "--count":
                    options = options with { Count = PositiveInt(args, ++i, "--count") };
                    break;
                case "--dir":
                    options = options with { WorkDirectory = Value(args, ++i, "--dir") };
                    break;
                default:
                    modes.Add(args[i]);
                    break;
            }
        }

        return (options, modes);
    }

    private static string Value(string[] args, int i, string option) =>
        i < args.Length ? args[i] : throw new ArgumentException($"Option {option} needs a value.");

    private static int PositiveInt(string[] args, int i, string option) =>
        int.TryParse(Value(args, i, option), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new ArgumentException($"Option {option} needs a positive whole number, not '{args[i]}'.");
}
