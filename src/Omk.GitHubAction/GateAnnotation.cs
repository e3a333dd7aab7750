namespace Omk.GitHubAction;

/// <summary>One annotation: <c>error</c> (a required gate) or <c>warning</c> (allowed to fail), at a finding, a failed
/// test, or the gate's declaration when it has neither.</summary>
public sealed record GateAnnotation(string Kind, string Title, string Message, string? File, int? Line)
{
    /// <summary>The column of a finding, when known.</summary>
    public int? Column { get; init; }

    /// <summary>The file relative to the repository (without the workspace prefix), to rank files the pull request changes first.</summary>
    public string? Source { get; init; }
}
