using System.Globalization;
using Omk.Git;

namespace Omk.Delivery;

/// <summary>
/// A goal's result as it travels from the job that ran the agent (no write token) to the job that publishes it: a
/// git bundle of the goal branch's commits since the base. <see cref="VerifyAsync"/> is what the publishing side
/// trusts: the bundle is within a size limit, holds exactly the expected branch, its tip descends from the base, and
/// it changes no <c>.github/workflows/</c> file unless that is allowed. The verified tip is fetched to a local branch.
/// </summary>
public sealed class GoalBundle(string repoRoot)
{
    public const string WorkflowsFolder = ".github/workflows/";

    private readonly GitCli _git = new(repoRoot, TimeSpan.FromMinutes(5));

    /// <summary>The verified bundle: the branch it carries, its tip, and the files it changes against the base.</summary>
    public sealed record Verified(string Branch, string Commit, IReadOnlyList<string> ChangedFiles);

    /// <summary>Writes the commits of <paramref name="branch"/> after <paramref name="baseCommit"/> to <paramref name="path"/>; false when there are none.</summary>
    public async Task<bool> CreateAsync(string branch, string baseCommit, string path, CancellationToken cancellationToken)
    {
        var ahead = await RequireAsync(["rev-list", "--count", $"{baseCommit}..refs/heads/{branch}"], $"branch {branch} is not a descendant of {baseCommit} here", cancellationToken).ConfigureAwait(false);
        if (ahead == "0")
        {
            return false;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        await RequireAsync(["bundle", "create", path, $"refs/heads/{branch}", "^" + baseCommit], "git bundle create failed", cancellationToken).ConfigureAwait(false);
        return true;
    }

    public async Task<Verified> VerifyAsync(string path, string branch, string baseCommit, bool allowWorkflowChanges, long maxBytes, CancellationToken cancellationToken)
    {
        var size = new FileInfo(path).Length;
        if (size > maxBytes)
        {
            throw new DeliveryException($"the bundle is {size.ToString("N0", CultureInfo.InvariantCulture)} bytes, more than the {maxBytes.ToString("N0", CultureInfo.InvariantCulture)} allowed.");
        }

        await RequireAsync(["cat-file", "-e", baseCommit + "^{commit}"], $"the base {baseCommit} is not in this clone (fetch it: actions/checkout with fetch-depth: 0)", cancellationToken).ConfigureAwait(false);
        await RequireAsync(["bundle", "verify", "--quiet", path], "the bundle is not a valid git bundle for this repository", cancellationToken).ConfigureAwait(false);
        var heads = (await RequireAsync(["bundle", "list-heads", path], "cannot list the bundle's branches", cancellationToken).ConfigureAwait(false))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => l.Split(' ', 2))
            .ToList();
        var expected = "refs/heads/" + branch;
        if (heads.Count != 1 || heads[0].Length != 2 || heads[0][1] != expected)
        {
            throw new DeliveryException($"the bundle must hold exactly {expected}; it holds {string.Join(", ", heads.Select(h => h.Last()))}.");
        }

        var commit = heads[0][0];
        var verifying = "refs/omk/verify/" + branch;
        await RequireAsync(["fetch", "--quiet", "--no-tags", path, $"+{expected}:{verifying}"], "cannot fetch the bundle", cancellationToken).ConfigureAwait(false);
        var descends = await _git.RunAsync(["merge-base", "--is-ancestor", baseCommit, commit], cancellationToken).ConfigureAwait(false);
        if (!descends.Succeeded)
        {
            await _git.RunAsync(["update-ref", "-d", verifying], cancellationToken).ConfigureAwait(false);
            throw new DeliveryException($"the bundle's commit {commit} does not descend from the base {baseCommit}.");
        }

        var changed = (await RequireAsync(["diff", "--name-only", "--no-renames", baseCommit, commit], "cannot diff the bundle against its base", cancellationToken).ConfigureAwait(false))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .ToList();
        var workflows = changed.Where(f => f.StartsWith(WorkflowsFolder, StringComparison.Ordinal)).ToList();
        if (workflows.Count > 0 && !allowWorkflowChanges)
        {
            await _git.RunAsync(["update-ref", "-d", verifying], cancellationToken).ConfigureAwait(false);
            throw new DeliveryException($"the bundle changes workflow files ({string.Join(", ", workflows)}), which is not allowed (allow-workflow-changes: false): nothing is pushed.");
        }

        await RequireAsync(["branch", "--force", branch, commit], $"cannot create the branch {branch}", cancellationToken).ConfigureAwait(false);
        await _git.RunAsync(["update-ref", "-d", verifying], cancellationToken).ConfigureAwait(false);
        return new Verified(branch, commit, changed);
    }

    private async Task<string> RequireAsync(string[] arguments, string failure, CancellationToken cancellationToken)
    {
        var result = await _git.RunAsync(arguments, cancellationToken).ConfigureAwait(false);
        return result.Succeeded ? result.StdoutText : throw new DeliveryException($"{failure}: {result.Stderr.Trim()}");
    }
}
