using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Omk.Teams;
using Omk.Workspaces;

namespace Omk.Cli.Commands;

/// <summary><c>omk worktree list|prune</c>: the task worktrees Omk made for this repository, with their state and size, pruned safely.</summary>
public static class WorktreeCommand
{
    public static Command Create()
    {
        var command = new Command("worktree", "List and prune the git worktrees of team tasks (kept outside the repository).");
        command.Add(List());
        command.Add(Prune());
        return command;
    }

    private static Command List()
    {
        var (repo, stateDir, root) = (CommonOptions.Repo(), CommonOptions.StateDir(), RootOption());
        var json = CommonOptions.Json("Print the worktrees as a JSON array.");
        var command = new Command("list", "List task worktrees: run, task, branch, path, clean or dirty, size on disk.") { repo, stateDir, root, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (catalog, finished) = await CatalogAsync(parse.GetValue(repo), parse.GetValue(stateDir), parse.GetValue(root), cancellationToken);
            var entries = await catalog.ListAsync(finished, cancellationToken);
            if (parse.GetValue(json))
            {
                using var writer = new Utf8JsonWriter(Console.OpenStandardOutput(), Storage.JsonFileOptions.Writer(indented: true));
                writer.WriteStartArray();
                foreach (var e in entries)
                {
                    writer.WriteStartObject();
                    writer.WriteString("run_id", e.RunId);
                    writer.WriteString("task_id", e.TaskId);
                    writer.WriteString("branch", e.Branch);
                    writer.WriteString("path", e.Path);
                    writer.WriteString("state", e.Clean ? "clean" : "dirty");
                    writer.WriteBoolean("registered", e.Registered);
                    writer.WriteNumber("size_bytes", e.SizeBytes);
                    writer.WriteString("last_modified", e.LastModified.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
                    writer.WriteString("keep_reason", e.KeepReason);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.Flush();
                Console.Out.WriteLine();
            }
            else
            {
                foreach (var e in entries)
                {
                    Console.Out.WriteLine($"{e.RunId}/{e.TaskId}  {(e.Clean ? "clean" : "dirty"),-5}  {Size(e.SizeBytes),8}  {e.Branch ?? "-"}  {e.Path}{(e.KeepReason is null ? string.Empty : "  (kept: " + e.KeepReason + ")")}");
                }

                Console.Out.WriteLine($"{entries.Count} worktree(s), {Size(entries.Sum(e => e.SizeBytes))} on disk");
            }

            return ExitCodes.Ready;
        });
        return command;
    }

    private static Command Prune()
    {
        var (repo, stateDir, root) = (CommonOptions.Repo(), CommonOptions.StateDir(), RootOption());
        var dryRun = new Option<bool>("--dry-run") { Description = "Only say what would be removed." };
        var olderThan = new Option<string?>("--older-than") { Description = "Only worktrees unchanged for this long, e.g. 7d.", HelpName = "DURATION" };
        var command = new Command("prune", "Remove clean worktrees of finished runs (their branches keep the work); dirty or unexplained ones are kept and reported.")
        {
            repo, stateDir, root, dryRun, olderThan,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            TimeSpan? age = parse.GetValue(olderThan) is { } text ? (Processes.DurationText.TryParse(text, out var d) ? d : throw new UsageException($"--older-than '{text}' is not a duration (examples: 12h, 7d).")) : null;
            var (catalog, finished) = await CatalogAsync(parse.GetValue(repo), parse.GetValue(stateDir), parse.GetValue(root), cancellationToken);
            var dry = parse.GetValue(dryRun);
            var results = await catalog.PruneAsync(finished, age, TimeProvider.System.GetUtcNow(), dry, cancellationToken);
            foreach (var (entry, removed, reason) in results)
            {
                var verb = removed ? "removed" : reason is null ? "would remove" : "kept";
                Console.Out.WriteLine($"{verb} {entry.RunId}/{entry.TaskId} ({Size(entry.SizeBytes)}) {entry.Path}{(reason is null ? string.Empty : ": " + reason)}");
            }

            var freed = results.Where(r => r.Removed).Sum(r => r.Entry.SizeBytes);
            Console.Out.WriteLine($"{results.Count(r => r.Removed)} removed ({Size(freed)}), {results.Count(r => !r.Removed && r.Reason is not null)} kept{(dry ? " (dry run)" : string.Empty)}");
            return ExitCodes.Ready;
        });
        return command;
    }

    private static Option<string?> RootOption() => new("--worktree-root") { Description = "The worktree root (default $XDG_STATE_HOME/omk/worktrees).", HelpName = "DIR" };

    private static async Task<(WorktreeCatalog Catalog, Func<string, bool> Finished)> CatalogAsync(string? repo, string? stateDir, string? root, CancellationToken cancellationToken)
    {
        var repoRoot = await RepoLocation.ResolveAsync(repo, cancellationToken);
        var store = Runs.RunStore.For(repoRoot, stateDir);
        var catalog = new WorktreeCatalog(new WorktreePool(repoRoot, root is null ? null : Path.GetFullPath(root)));
        return (catalog, runId => store.Find(runId) is { } run && TeamLog.Read(run.EventsPath).Ended is not null && !TeamRunLock.IsHeld(run.Path));
    }

    internal static string Size(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KiB"),
        < 1024L * 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1048576.0:0.#} MiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1073741824.0:0.##} GiB"),
    };
}
