namespace Omk.GitHubAction;

/// <summary>
/// One input of <c>action.yml</c>: the program option it becomes (<c>--name</c>), or, for secrets, the environment
/// variable that carries it (never the command line). <see cref="Default"/> is action.yml's default.
/// </summary>
public sealed record ActionInput(string Name, string Default, string Description, string? EnvironmentVariable = null)
{
    /// <summary>The program option, or null for an input passed only through the environment.</summary>
    public string? Option => EnvironmentVariable is null ? "--" + Name : null;

    /// <summary>The variable the composite step sets from <c>${{ inputs.name }}</c>.</summary>
    public string StepVariable => EnvironmentVariable ?? "OMK_INPUT_" + Name.Replace('-', '_').ToUpperInvariant();
}
