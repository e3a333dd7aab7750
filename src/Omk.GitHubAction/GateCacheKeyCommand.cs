using Omk.Gates.Scripts;
using Omk.Proofs;

namespace Omk.GitHubAction;

/// <summary>
/// <c>omk-action cache-key --working-directory DIR --gates-dir DIR</c>, run by action.yml before the proof: prints the
/// <c>actions/cache</c> key, restore prefix and path of the compiled gate scripts as <c>name=value</c> lines for
/// <c>GITHUB_OUTPUT</c>. The key is omk's own cache key of the scripts (their <c>#load</c> closure and Omk's build), so a
/// change to any script of the closure is a new key; the path is empty when there are no gate scripts.
/// </summary>
public static class GateCacheKeyCommand
{
    public const string Name = "cache-key";

    public static int Run(IReadOnlyList<string> args, string workspace, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        string? workingDirectory = null;
        string? gatesDirectory = null;
        for (var i = 1; i < args.Count; i += 2)
        {
            var value = i + 1 < args.Count ? args[i + 1] : throw new ActionUsageException($"{Name}: option '{args[i]}' needs a value.");
            _ = args[i] switch
            {
                "--working-directory" => workingDirectory = value,
                "--gates-dir" => gatesDirectory = value,
                _ => throw new ActionUsageException($"{Name}: unknown option '{args[i]}' (expected --working-directory, --gates-dir)."),
            };
        }

        var repoRoot = Path.GetFullPath(Path.Combine(workspace, string.IsNullOrEmpty(workingDirectory) ? "." : workingDirectory));
        var prefix = $"omk-gates-{GateScriptCacheKeys.Platform}-{ProofRun.OmkVersion}-";
        var key = GateScriptCacheKeys.ForFolder(repoRoot, string.IsNullOrEmpty(gatesDirectory) ? null : gatesDirectory);
        output.WriteLine($"key={(key is null ? string.Empty : prefix + key)}");
        output.WriteLine($"restore-prefix={prefix}");
        output.WriteLine($"path={(key is null ? string.Empty : GateScriptCache.UserDirectory())}");
        return ActionProgram.Ready;
    }
}
