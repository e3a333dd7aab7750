namespace Omk.Gates.Scripts;

/// <summary>What the child process needs to run one code gate (written as JSON by the gate runner).</summary>
public sealed record CodeGateInvocation(
    string AssemblyPath,
    IReadOnlyList<string> Scripts,
    string GateName,
    string RepoRoot,
    string RunId,
    IReadOnlyList<string> ChangedFiles,
    string? BaseRef);
