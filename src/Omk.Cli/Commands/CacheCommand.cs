using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Omk.GateCache;

namespace Omk.Cli.Commands;

/// <summary>
/// <c>omk cache info|prune|clear</c>: the user's omk cache (compiled gate scripts, every repository's reusable gate
/// results), its size, pruning by the policy (<see cref="GateCachePolicy"/>) and clearing.
/// </summary>
public static class CacheCommand
{
    public static Command Create()
    {
        var command = new Command("cache", "Show, prune or clear omk's cache: compiled gate scripts and reusable gate results (outside every repository).");
        command.Add(Info());
        command.Add(Prune());
        command.Add(Clear());
        return command;
    }

    private static Command Info()
    {
        var json = CommonOptions.Json("Print the cache's parts as JSON.");
        var command = new Command("info", "Where the cache is, and the size of its compiled gate scripts and of each repository's gate results.") { json };
        command.SetAction(parse =>
        {
            var catalog = new CacheCatalog();
            var policy = Policy(null, null);
            var scripts = CacheCatalog.Measure(catalog.ScriptsDirectory);
            var repositories = catalog.RepositoryFolders().Select(f => (Folder: f, Results: CacheCatalog.Results(f), Size: CacheCatalog.Measure(f))).ToList();
            if (parse.GetValue(json))
            {
                using var writer = new Utf8JsonWriter(Console.OpenStandardOutput(), Storage.JsonFileOptions.Writer(indented: true));
                writer.WriteStartObject();
                writer.WriteString("scripts_directory", catalog.ScriptsDirectory);
                writer.WriteNumber("scripts_bytes", scripts.Bytes);
                writer.WriteString("results_directory", catalog.ResultsDirectory);
                writer.WriteStartArray("repositories");
                foreach (var r in repositories)
                {
                    writer.WriteStartObject();
                    writer.WriteString("directory", r.Folder);
                    writer.WriteNumber("results", r.Results);
                    writer.WriteNumber("bytes", r.Size.Bytes);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                WriteLimit(writer, "max_age_days", policy.MaxAge?.TotalDays);
                WriteLimit(writer, "max_size_bytes", policy.MaxBytes);
                writer.WriteEndObject();
                writer.Flush();
                Console.Out.WriteLine();
                return ExitCodes.Ready;
            }

            Console.Out.WriteLine($"compiled gate scripts: {catalog.ScriptsDirectory} ({WorktreeCommand.Size(scripts.Bytes)})");
            Console.Out.WriteLine($"gate results: {catalog.ResultsDirectory}");
            foreach (var r in repositories)
            {
                Console.Out.WriteLine($"  {Path.GetFileName(r.Folder)}  {r.Results} result(s)  {WorktreeCommand.Size(r.Size.Bytes)}");
            }

            Console.Out.WriteLine($"{repositories.Count} repositor{(repositories.Count == 1 ? "y" : "ies")}, {WorktreeCommand.Size(repositories.Sum(r => r.Size.Bytes))} of results; kept: {Limits(policy)}");
            return ExitCodes.Ready;
        });
        return command;
    }

    private static Command Prune()
    {
        var maxAge = new Option<double?>("--max-age") { Description = "Remove results not used for this many days (default $OMK_CACHE_MAX_AGE_DAYS, else 30; 0: no age limit).", HelpName = "DAYS" };
        var maxSize = new Option<double?>("--max-size") { Description = "Then cut each repository's results to this many MB, least recently used first (default $OMK_CACHE_MAX_SIZE_MB, else 1024; 0: no size limit).", HelpName = "MB" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Only say what would be removed." };
        var command = new Command("prune", "Remove gate results not used recently, and cut each repository's results to a size (omk proof does this once a day on its own).")
        {
            maxAge, maxSize, dryRun,
        };
        command.SetAction(parse =>
        {
            var policy = Policy(parse.GetValue(maxAge), parse.GetValue(maxSize));
            var dry = parse.GetValue(dryRun);
            var results = new CacheCatalog().Prune(policy, DateTimeOffset.UtcNow, dry);
            foreach (var r in results)
            {
                Console.Out.WriteLine($"{Path.GetFileName(r.Directory)}: {(dry ? "would remove" : "removed")} {r.Removed} result(s) ({WorktreeCommand.Size(r.RemovedBytes)}), kept {r.Kept} ({WorktreeCommand.Size(r.KeptBytes)})");
            }

            Console.Out.WriteLine($"{results.Sum(r => r.Removed)} result(s) {(dry ? "would be " : string.Empty)}removed ({WorktreeCommand.Size(results.Sum(r => r.RemovedBytes))}) from {results.Count} repositor{(results.Count == 1 ? "y" : "ies")}; kept: {Limits(policy)}{(dry ? " (dry run)" : string.Empty)}");
            return ExitCodes.Ready;
        });
        return command;
    }

    private static Command Clear()
    {
        var results = new Option<bool>("--results") { Description = "Only the gate results (of every repository)." };
        var scripts = new Option<bool>("--scripts") { Description = "Only the compiled gate scripts." };
        var command = new Command("clear", "Delete the cache (both parts unless one is named): the next proof runs every gate and compiles the scripts again.") { results, scripts };
        command.SetAction(parse =>
        {
            var (onlyResults, onlyScripts) = (parse.GetValue(results), parse.GetValue(scripts));
            var both = !onlyResults && !onlyScripts;
            var (files, bytes) = new CacheCatalog().Clear(both || onlyResults, both || onlyScripts);
            var what = both ? "gate results and compiled gate scripts" : onlyResults ? "gate results" : "compiled gate scripts";
            Console.Out.WriteLine($"cleared {what}: {files} file(s), {WorktreeCommand.Size(bytes)}");
            return ExitCodes.Ready;
        });
        return command;
    }

    // Options win over the environment; a malformed limit anywhere is the user's to fix (exit 2, naming it).
    private static GateCachePolicy Policy(double? maxAgeDays, double? maxSizeMb)
    {
        GateCachePolicy policy;
        try
        {
            policy = GateCachePolicy.FromEnvironment();
        }
        catch (Gates.GateConfigurationException ex)
        {
            throw new UsageException(ex.Message, ex);
        }

        if (maxAgeDays is { } days)
        {
            policy = days >= 0 && double.IsFinite(days) ? policy with { MaxAge = days == 0 ? null : TimeSpan.FromDays(days) } : throw new UsageException($"--max-age must be 0 or more days (got {days}).");
        }

        if (maxSizeMb is { } mb)
        {
            policy = mb >= 0 && double.IsFinite(mb) ? policy with { MaxBytes = mb == 0 ? null : (long)(mb * 1024 * 1024) } : throw new UsageException($"--max-size must be 0 or more MB (got {mb}).");
        }

        return policy;
    }

    private static string Limits(GateCachePolicy policy) =>
        (policy.MaxAge is { } age ? string.Create(CultureInfo.InvariantCulture, $"used in the last {age.TotalDays:0.##} day(s)") : "any age") + ", " +
        (policy.MaxBytes is { } max ? $"at most {WorktreeCommand.Size(max)} per repository" : "any size");

    private static void WriteLimit(Utf8JsonWriter writer, string name, double? value)
    {
        if (value is { } v)
        {
            writer.WriteNumber(name, v);
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}
