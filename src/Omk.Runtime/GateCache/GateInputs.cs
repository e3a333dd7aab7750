namespace Omk.GateCache;

/// <summary>
/// What a run gives every gate's input key: the work tree's git tree, where the run's root is in it (<c>.</c> at the top
/// level), the changed files and base ref code gates are given, omk's environment (for <c>inputEnv</c>) and the output of
/// the gate's <c>toolVersion</c> commands.
/// </summary>
public sealed record GateInputs(
    string Tree,
    string RootInTree,
    IReadOnlyList<string> ChangedFiles,
    string? BaseRef,
    Func<string, string?> Environment,
    IReadOnlyList<KeyValuePair<string, string>> ToolVersions);
