using System.Globalization;

namespace Omk.GitHubAction;

/// <summary>The program's options (one per input of action.yml), validated. An empty value means the input's default.</summary>
public sealed record ActionSettings
{
    public string Mode { get; init; } = "proof";

    public string WorkingDirectory { get; init; } = ".";

    public IReadOnlyList<string> Gates { get; init; } = [];

    public string? GatesDir { get; init; }

    public string? GateFilter { get; init; }

    public int Parallel { get; init; } = 1;

    public int Retries { get; init; }

    public IReadOnlyList<string> After { get; init; } = [];

    public TimeSpan? Timeout { get; init; }

    public string? BaseRef { get; init; }

    public string Comment { get; init; } = CommentMode.Always;

    public string CommentKey { get; init; } = "proof";

    public string Report { get; init; } = ReportMode.Comment;

    public string FailOn { get; init; } = "not-ready";

    public string? ProofDir { get; init; }

    public string? EventFile { get; init; }

    /// <summary>The share of a sharded run (<c>shard: I/N</c>), or null.</summary>
    public Proofs.Shards.ShardSpec? Shard { get; init; }

    /// <summary>Parses <c>--name value</c> pairs; throws <see cref="ActionUsageException"/> naming the input at fault.</summary>
    public static ActionSettings Parse(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var input = args[i].StartsWith("--", StringComparison.Ordinal) ? ActionInputs.Find(args[i][2..]) : null;
            if (input?.Option is null)
            {
                var known = string.Join(", ", ActionInputs.All.Where(a => a.Option is not null).Select(a => a.Option));
                throw new ActionUsageException($"unknown argument '{args[i]}'; the options are {known} (the token comes from ${ActionInputs.TokenVariable}).");
            }

            if (i + 1 >= args.Count)
            {
                throw new ActionUsageException($"{input.Option} needs a value.");
            }

            values[input.Name] = args[++i].Trim();
        }

        string? Get(string name) => values.TryGetValue(name, out var v) && v.Length > 0 ? v : null;

        var settings = new ActionSettings
        {
            Mode = OneOf("mode", Get("mode") ?? "proof", "proof", "publish", "merge", "goal"),
            WorkingDirectory = Get("working-directory") ?? ".",
            Gates = Lines(Get("gates")),
            After = Lines(Get("after")),
            GatesDir = Get("gates-dir"),
            GateFilter = Get("gate-filter"),
            BaseRef = Get("base-ref"),
            Comment = OneOf("comment", Get("comment") ?? CommentMode.Always, CommentMode.Always, CommentMode.OnFailure, CommentMode.OnChange, CommentMode.Never),
            CommentKey = Get("comment-key") ?? "proof",
            Report = OneOf("report", Get("report") ?? ReportMode.Comment, ReportMode.Comment, ReportMode.Check, ReportMode.Both),
            FailOn = OneOf("fail-on", Get("fail-on") ?? "not-ready", "not-ready", "never"),
            ProofDir = Get("proof-dir"),
            EventFile = Get("event-file"),
        };
        if (Get("parallel") is { } parallel)
        {
            settings = settings with
            {
                Parallel = int.TryParse(parallel, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1
                    ? n
                    : throw new ActionUsageException($"input 'parallel' must be a whole number of at least 1 (got '{parallel}')."),
            };
        }

        if (Get("retries") is { } retries)
        {
            settings = settings with
            {
                Retries = int.TryParse(retries, NumberStyles.None, CultureInfo.InvariantCulture, out var r)
                    ? r
                    : throw new ActionUsageException($"input 'retries' must be a whole number, 0 or more (got '{retries}')."),
            };
        }

        if (Get("timeout") is { } timeout)
        {
            settings = settings with
            {
                Timeout = Processes.DurationText.TryParse(timeout, out var t)
                    ? t
                    : throw new ActionUsageException($"input 'timeout' is not a duration (examples: 90s, 10m, 1h; got '{timeout}')."),
            };
        }

        if (Get("shard") is { } shard)
        {
            try
            {
                settings = settings with { Shard = Proofs.Shards.ShardSpec.Parse(shard, "input 'shard'") };
            }
            catch (Gates.GateConfigurationException ex)
            {
                throw new ActionUsageException(ex.Message, ex);
            }

            if (settings.GateFilter is not null)
            {
                throw new ActionUsageException("inputs 'shard' and 'gate-filter' do not go together: a shard is a share of every declared gate, so that the shards merge into one proof.");
            }
        }

        if (settings.CommentKey.Any(c => char.IsWhiteSpace(c) || c is '<' or '>') || settings.CommentKey.Contains("--", StringComparison.Ordinal))
        {
            throw new ActionUsageException($"input 'comment-key' must have no spaces, '<', '>' or '--' (got '{settings.CommentKey}'): it goes into a hidden HTML comment.");
        }

        return settings;
    }

    private static List<string> Lines(string? text) =>
        (text ?? string.Empty).Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();

    private static string OneOf(string input, string value, params string[] allowed) =>
        allowed.Contains(value, StringComparer.Ordinal)
            ? value
            : throw new ActionUsageException($"input '{input}' must be one of {string.Join(", ", allowed)} (got '{value}').");
}
