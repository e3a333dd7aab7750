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

    /// <summary>Run every gate, even one whose inputs match a passed result in the cache (the <c>no-reuse</c> input).</summary>
    public bool NoReuse { get; init; }

    /// <summary>Incremental selection: per-project gates run only for projects the change reaches (the <c>affected</c> input).</summary>
    public bool Affected { get; init; }

    public string? BaseRef { get; init; }

    public string Comment { get; init; } = CommentMode.Always;

    public string CommentKey { get; init; } = "proof";

    public string Report { get; init; } = ReportMode.Comment;

    public string FailOn { get; init; } = "not-ready";

    public string? ProofDir { get; init; }

    public string? EventFile { get; init; }

    public string GoalLabel { get; init; } = "omk";

    public string? AgentDriver { get; init; }

    public string? Agent { get; init; }

    public string? Agents { get; init; }

    public string? BudgetTime { get; init; }

    public string? BudgetTokens { get; init; }

    public string? BudgetUsd { get; init; }

    public bool AllowWorkflowChanges { get; init; }

    public long MaxBundleBytes { get; init; } = 100L * 1024 * 1024;

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

        bool Flag(string name) => Get(name) switch
        {
            null or "false" => false,
            "true" => true,
            var other => throw new ActionUsageException($"input '{name}' must be true or false (got '{other}')."),
        };

        var settings = new ActionSettings
        {
            Mode = OneOf("mode", Get("mode") ?? "proof", "proof", "publish", "merge", "goal", "goal-publish"),
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
            GoalLabel = Get("goal-label") ?? "omk",
            AgentDriver = Get("agent-driver") is { } driver ? OneOf("agent-driver", driver, "acp", "wire") : null,
            Agent = Get("agent"),
            Agents = Whole("agents", Get("agents"), 1),
            BudgetTime = Get("budget-time") is { } time && !Processes.DurationText.TryParse(time, out _)
                ? throw new ActionUsageException($"input 'budget-time' is not a duration (examples: 90s, 30m, 2h; got '{time}').")
                : Get("budget-time"),
            BudgetTokens = Whole("budget-tokens", Get("budget-tokens"), 1),
            BudgetUsd = Get("budget-usd") is { } usd && !(decimal.TryParse(usd, NumberStyles.Number, CultureInfo.InvariantCulture, out var x) && x > 0)
                ? throw new ActionUsageException($"input 'budget-usd' must be a positive amount, e.g. 2.50 (got '{usd}').")
                : Get("budget-usd"),
            AllowWorkflowChanges = OneOf("allow-workflow-changes", Get("allow-workflow-changes") ?? "false", "true", "false") == "true",
            MaxBundleBytes = Size("max-bundle-size", Get("max-bundle-size") ?? "100m"),
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

        settings = settings with { NoReuse = Flag("no-reuse"), Affected = Flag("affected") };

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

    private static string? Whole(string input, string? value, long minimum) =>
        value is null || (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= minimum)
            ? value
            : throw new ActionUsageException($"input '{input}' must be a whole number of at least {minimum} (got '{value}').");

    private static long Size(string input, string value)
    {
        var text = value.Trim().ToLowerInvariant();
        var unit = text.Length > 0 && text[^1] is 'k' or 'm' or 'g' ? text[^1] : ' ';
        var digits = unit == ' ' ? text : text[..^1];
        return long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n * unit switch { 'k' => 1024L, 'm' => 1024L * 1024, 'g' => 1024L * 1024 * 1024, _ => 1L }
            : throw new ActionUsageException($"input '{input}' must be a size in bytes, or with k, m or g (e.g. 100m; got '{value}').");
    }

    private static List<string> Lines(string? text) =>
        (text ?? string.Empty).Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();

    private static string OneOf(string input, string value, params string[] allowed) =>
        allowed.Contains(value, StringComparer.Ordinal)
            ? value
            : throw new ActionUsageException($"input '{input}' must be one of {string.Join(", ", allowed)} (got '{value}').");
}
