using Omk.Gates;
using Omk.GitHubAction.GitHub;

namespace Omk.GitHubAction;

/// <summary>What a run of the action works with: the runner's environment, the step's log, and the clients it uses.</summary>
public sealed record ActionContext(RunnerEnvironment Environment, TextWriter Output)
{
    public GitHubClientOptions GitHub { get; init; } = new();

    /// <summary>Starts code gates in a child process (by default this program again, with <c>gates exec</c>).</summary>
    public ICodeGateLauncher CodeGates { get; init; } = new CurrentProgramCodeGateLauncher();

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Where relative paths start when the runner gives no <c>GITHUB_WORKSPACE</c>.</summary>
    public string CurrentDirectory { get; init; } = Directory.GetCurrentDirectory();

    /// <summary>Tells when the sticky comment was written (benchmarks measure start → comment).</summary>
    public Action? OnCommentWritten { get; init; }

    /// <summary>The workspace, where annotation paths start.</summary>
    public string Workspace => Path.GetFullPath(Environment.Workspace ?? CurrentDirectory);
}
