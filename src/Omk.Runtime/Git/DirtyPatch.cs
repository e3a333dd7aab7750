using Omk.Events.Payloads;

namespace Omk.Git;

/// <summary>
/// The uncommitted work of a run as a patch file in its run directory (<c>dirty.patch</c>): <c>git diff --binary
/// --full-index COMMIT TREE</c>, where TREE is the work tree's content (<see cref="WorkTreeHash"/>), so modified, deleted,
/// untracked and binary files are all in it, and <c>git apply --binary</c> on a checkout of COMMIT gives TREE back.
/// </summary>
public static class DirtyPatch
{
    public const string FileName = "dirty.patch";

    /// <summary>Writes the patch and answers its record; null when git cannot make it (the run goes on, not re-verifiable).</summary>
    public static async Task<DirtyPatchPayload?> RecordAsync(WorkTreeContent tree, string commit, string runDirectory, CancellationToken cancellationToken)
    {
        var diff = await new GitCli(tree.TopLevel, TimeSpan.FromMinutes(5))
            .RunAsync(["diff", "--binary", "--full-index", "--no-renames", "--no-ext-diff", "--no-textconv", commit, tree.Tree], cancellationToken)
            .ConfigureAwait(false);
        if (!diff.Succeeded)
        {
            return null;
        }

        Storage.AtomicFile.WriteAllBytes(Path.Combine(runDirectory, FileName), diff.Stdout);
        var sha = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(diff.Stdout)).ToLowerInvariant();
        return new DirtyPatchPayload(FileName, diff.Stdout.LongLength, sha);
    }

    /// <summary>Applies a recorded patch to a checkout of its commit; the error git gave when it does not apply.</summary>
    public static async Task<string?> ApplyAsync(string patchPath, string worktree, CancellationToken cancellationToken)
    {
        if (new FileInfo(patchPath).Length == 0)
        {
            return null;
        }

        var apply = await new GitCli(worktree, TimeSpan.FromMinutes(5))
            .RunAsync(["apply", "--binary", "--whitespace=nowarn", Path.GetFullPath(patchPath)], cancellationToken)
            .ConfigureAwait(false);
        return apply.Succeeded ? null : apply.Stderr.Trim();
    }
}
