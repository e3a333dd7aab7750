namespace Omk.Teams;

/// <summary>
/// One task of a task file: what the agent is asked (title, prompt), what it waits for (<see cref="DependsOn"/>), where it
/// may write (<see cref="WriteSet"/> globs), the commands that accept it, and the repository's declared gates that judge
/// it (<see cref="Gates"/>; null means all of them).
/// </summary>
public sealed record TeamTask
{
    public required string Id { get; init; }

    public required string Title { get; init; }

    public required string Prompt { get; init; }

    public IReadOnlyList<string> DependsOn { get; init; } = [];

    public IReadOnlyList<string> WriteSet { get; init; } = [];

    public IReadOnlyList<string> Acceptance { get; init; } = [];

    public IReadOnlyList<string>? Gates { get; init; }
}
