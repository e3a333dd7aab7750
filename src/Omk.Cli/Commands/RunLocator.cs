using Omk.Events;
using Omk.Runs;

namespace Omk.Cli.Commands;

/// <summary>
/// Finds the run a reading command names: a run id or <c>latest</c> in the repository's state dir, or a path to a
/// run directory or to a file in it (<c>proof.json</c>), so that a run copied anywhere can be read.
/// </summary>
public static class RunLocator
{
    public static async Task<RunDirectory> FindAsync(string run, string? repo, string? stateDir, CancellationToken cancellationToken)
    {
        var looksLikePath = run.AsSpan().IndexOfAny('/', '\\') >= 0 || run.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || run is "." or "..";
        if (looksLikePath)
        {
            var full = Path.GetFullPath(run);
            var directory = File.Exists(full) ? Path.GetDirectoryName(full)! : full;
            if (!Directory.Exists(directory))
            {
                throw new UsageException($"'{run}' is neither a run id nor an existing run directory or proof.json.");
            }

            directory = Path.TrimEndingDirectorySeparator(directory);
            if (!File.Exists(EventReader.LogPathIn(directory)) && !File.Exists(Path.Combine(directory, "proof.json")))
            {
                throw new UsageException($"'{directory}' holds no run: it has neither events.jsonl nor proof.json.");
            }

            return new RunDirectory(new RunId(Path.GetFileName(directory)), directory);
        }

        var store = await RepoLocation.StoreAsync(repo, stateDir, cancellationToken);
        return store.Find(run) ?? throw new UsageException(RunsCommand.NoSuchRun(run, store));
    }
}
