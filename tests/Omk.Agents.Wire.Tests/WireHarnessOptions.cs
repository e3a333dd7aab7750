using Omk.Agents.Approvals;

namespace Omk.Agents.Wire.Tests;

internal sealed record WireHarnessOptions
{
    public ApprovalPolicy? Policy { get; init; }

    public IApprovalChannel? Channel { get; init; }

    public IReadOnlyList<string> DoubleArguments { get; init; } = [];

    public TimeSpan? TurnTimeout { get; init; }

    public TimeSpan? StopGrace { get; init; }

    public IReadOnlyList<string> Secrets { get; init; } = [];

    /// <summary>Another observer of updates, called after the harness has collected each one.</summary>
    public Action<AgentUpdate>? OnUpdate { get; init; }
}
