using Omk.Git;
using Omk.Runs;

namespace Omk.Cli;

/// <summary>Finds the repository a command works on and its run store.</summary>
public static class RepoLocation
{
    /// <summary>
    /// <c>--repo</c> when given (it must be a directory); otherwise the git top level of the current
    /// directory, or the current directory outside git.
    /// </summary>
    public static Task<string> ResolveAsync(string? repoOption, CancellationToken cancellationToken) =>
        repoOption is null && GitDiscovery.FindTopLevel(Directory.GetCurrentDirectory()) is { } topLevel
            ? Task.FromResult(topLevel) // found on disk: no git process, and no async state machine for the JIT on a light command's path
            : ResolveWithGitAsync(repoOption, cancellationToken);

    private static async Task<string> ResolveWithGitAsync(string? repoOption, CancellationToken cancellationToken)
    {
        if (repoOption is not null)
        {
            var full = Path.GetFullPath(repoOption);
            if (File.Exists(full))
            {
                throw new UsageException($"--repo '{repoOption}' is a file, not a directory.");
            }

            if (!Directory.Exists(full))
            {
                throw new UsageException($"--repo '{repoOption}' does not exist.");
            }

            if (GitDiscovery.FindTopLevel(full) is null && await GitRepository.IsWithoutWorkTreeAsync(full, cancellationToken))
            {
                throw new UsageException($"--repo '{repoOption}' is a bare git repository (or inside a .git folder): there is no work tree to verify; pass a clone or a worktree of it.");
            }

            return Path.TrimEndingDirectorySeparator(full);
        }

        var current = Directory.GetCurrentDirectory();
        try
        {
            var repo = await GitRepository.OpenAsync(current, cancellationToken);
            if (repo is null && await GitRepository.IsWithoutWorkTreeAsync(current, cancellationToken))
            {
                throw new UsageException($"'{current}' is a bare git repository (or inside a .git folder): there is no work tree to verify; run omk in a clone or a worktree of it.");
            }

            return repo?.TopLevel ?? current;
        }
        catch (GitException)
        {
            return current;
        }
    }

    public static Task<RunStore> StoreAsync(string? repoOption, string? stateDir, CancellationToken cancellationToken)
    {
        var repo = ResolveAsync(repoOption, cancellationToken);
        return repo.IsCompletedSuccessfully ? Task.FromResult(RunStore.For(repo.Result, stateDir)) : StoreWhenResolvedAsync(repo, stateDir);
    }

    private static async Task<RunStore> StoreWhenResolvedAsync(Task<string> repo, string? stateDir) => RunStore.For(await repo, stateDir);
}
