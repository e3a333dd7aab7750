namespace Omk.Agents;

/// <summary>How to start an agent: program, arguments, working directory and environment changes (null removes).</summary>
public sealed record AgentCommand(string Program, IReadOnlyList<string> Arguments, string WorkingDirectory)
{
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();

    public string CommandLine => Processes.CommandLineQuoting.Join(Program, Arguments);
}
