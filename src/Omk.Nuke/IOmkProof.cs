// Omk.Nuke: a Nuke build component, shipped as source and compiled against your own Nuke.Common.
//   class Build : NukeBuild, IOmkProof { public static int Main() => Execute<Build>(x => ((IOmkProof)x).OmkProof); }
//   ./build.sh OmkProof --omk-gate-filter "tag:tests"
#nullable enable
using Nuke.Common;
using Omk.Nuke;

/// <summary>
/// Adds the <c>OmkProof</c> target: runs the repository's Omk gates (gates/*.fsx, or build + test) with the omk tool,
/// writes the proof under .omk/runs/, and fails the target when the proof is not ready.
/// </summary>
public interface IOmkProof : INukeBuild
{
    /// <summary>The folder of gate scripts, relative to the repository root (default: gates).</summary>
    [Parameter("Omk: folder of gate scripts, relative to the repository root (default: gates)")]
    string? OmkGatesDirectory => TryGetValue(() => OmkGatesDirectory);

    /// <summary>Only these gates (and what they depend on): names with * and ? wildcards, or tag:NAME, comma-separated.</summary>
    [Parameter("Omk: run only these gates (names, wildcards or tag:NAME, comma-separated)")]
    string? OmkGateFilter => TryGetValue(() => OmkGateFilter);

    /// <summary>How many independent gates run at once (default 1).</summary>
    [Parameter("Omk: gates to run at once (default 1)")]
    int OmkParallel => TryGetValue<int?>(() => OmkParallel) ?? 1;

    /// <summary>Timeout of each gate that declares none, e.g. 90s, 10m, 1h (default 30m); a gate script's own timeout wins.</summary>
    [Parameter("Omk: timeout of each gate that declares none, e.g. 10m (default 30m)")]
    string? OmkGateTimeout => TryGetValue(() => OmkGateTimeout);

    /// <summary>Run every gate, even one whose inputs match a passed result in the cache (omk's <c>--no-reuse</c>).</summary>
    [Parameter("Omk: run every gate, even one whose inputs match a passed result (default false)")]
    bool OmkNoReuse => TryGetValue<bool?>(() => OmkNoReuse) ?? false;

    /// <summary>Incremental selection: per-project gates run only for projects the change reaches (omk's <c>--affected</c>).</summary>
    [Parameter("Omk: run per-project gates only for projects the change reaches (default false)")]
    bool OmkAffected => TryGetValue<bool?>(() => OmkAffected) ?? false;

    /// <summary>Whether a proof that is not ready fails the target (default true).</summary>
    [Parameter("Omk: fail the target when the proof is not ready (default true)")]
    bool OmkFailOnNotReady => TryGetValue<bool?>(() => OmkFailOnNotReady) ?? true;

    /// <summary>The omk command: a path to omk.dll or an executable (default: `dotnet omk`, the local tool).</summary>
    [Parameter("Omk: the omk tool, a path to omk.dll or an executable (default: dotnet omk)")]
    string? OmkTool => TryGetValue(() => OmkTool);

    /// <summary>Runs the gates and writes the proof.</summary>
    Target OmkProof => _ => _
        .Description("Run the repository's Omk gates and write a proof")
        .Executes(() => OmkProofRunner.Run(
            RootDirectory,
            new OmkProofSettings
            {
                GatesDirectory = OmkGatesDirectory,
                GateFilter = OmkGateFilter,
                Parallel = OmkParallel,
                GateTimeout = OmkGateTimeout,
                NoReuse = OmkNoReuse,
                Affected = OmkAffected,
                FailOnNotReady = OmkFailOnNotReady,
                Tool = OmkTool,
            }));
}
