using Omk.Processes;

namespace Omk.Gates;

/// <summary>
/// Gates given as <c>--gate name=command</c>. The command runs without a shell (quotes are honoured);
/// a command starting with '!' runs through the shell (<c>/bin/sh -c</c>), as git aliases do.
/// </summary>
public sealed class CommandLineGateSource(IReadOnlyList<string> specifications, string origin = "--gate options") : IGateSource
{
    public Task<GateSet?> LoadAsync(GateSourceContext context, CancellationToken cancellationToken) =>
        Task.FromResult<GateSet?>(specifications.Count == 0 ? null : new GateSet(specifications.Select(Parse).ToList(), origin));

    /// <summary>Parses one <c>name=command</c>; a malformed one is a <see cref="GateConfigurationException"/>.</summary>
    public GateDefinition Parse(string specification)
    {
        var equals = specification.IndexOf('=', StringComparison.Ordinal);
        if (equals < 0)
        {
            throw new GateConfigurationException($"--gate '{specification}': expected name=command, e.g. --gate test=\"dotnet test\".");
        }

        var name = specification[..equals].Trim();
        var command = specification[(equals + 1)..].Trim();
        if (name.Length == 0 || name.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            throw new GateConfigurationException($"--gate '{specification}': the gate name before '=' must be non-empty and without spaces.");
        }

        if (command.Length == 0 || command == "!")
        {
            throw new GateConfigurationException($"--gate '{specification}': the command after '=' is empty.");
        }

        ProcessCommand process;
        if (command[0] == '!')
        {
            process = ProcessCommand.Shell(command[1..].Trim());
        }
        else
        {
            var (tokens, error) = CommandTokenizer.Split(command);
            if (error is not null)
            {
                var hint = error.Contains("shell syntax", StringComparison.Ordinal) ? "; prefix the command with '!' to run it through the shell" : string.Empty;
                throw new GateConfigurationException($"--gate '{specification}': {error}{hint}.");
            }

            process = new ProcessCommand(tokens[0], tokens.Skip(1).ToList());
        }

        return new GateDefinition { Name = name, Command = process };
    }
}
