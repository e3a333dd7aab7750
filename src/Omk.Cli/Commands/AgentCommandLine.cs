using Omk.Agents;
using Omk.Gates;

namespace Omk.Cli.Commands;

/// <summary>
/// Turns <c>--agent kimi|kimi-wire|"&lt;command&gt;"</c> into the process to start and the protocol to speak:
/// <c>kimi</c> is the Kimi Code CLI over ACP (<c>kimi acp</c>), <c>kimi-wire</c> the legacy kimi-cli over Wire
/// (<c>kimi --wire</c>), and any other command line an ACP agent.
/// </summary>
public static class AgentCommandLine
{
    public const string Acp = "acp";
    public const string Wire = "wire";

    /// <summary>The kimi executable: <c>$OMK_KIMI</c>, else <c>kimi</c> on PATH.</summary>
    public static string KimiExecutable => Environment.GetEnvironmentVariable("OMK_KIMI") is { Length: > 0 } path ? path : "kimi";

    /// <param name="agent">kimi, kimi-wire, or an ACP agent's command line.</param>
    /// <param name="workingDirectory">Where the agent works.</param>
    /// <param name="resume">A session to continue: kimi-wire takes it as <c>--session</c>; ACP agents get it at
    /// <c>session/resume</c> (<see cref="AgentDrivers"/>).</param>
    public static (AgentCommand Command, string Protocol) Resolve(string agent, string workingDirectory, string? resume = null) => agent switch
    {
        "kimi" => (new AgentCommand(KimiExecutable, ["acp"], workingDirectory), Acp),
        "kimi-wire" => (new AgentCommand(KimiExecutable, ["--wire", "--work-dir", workingDirectory, .. resume is null ? Array.Empty<string>() : ["--session", resume]], workingDirectory), Wire),
        _ => (Custom(agent, workingDirectory), Acp),
    };

    /// <summary>Parses <c>--approval</c>; a bad policy is a usage error naming the option.</summary>
    public static Agents.Approvals.ApprovalPolicy Policy(string approval)
    {
        try
        {
            return Agents.Approvals.ApprovalPolicy.Parse(approval);
        }
        catch (FormatException ex)
        {
            throw new UsageException("--approval: " + ex.Message, ex);
        }
    }

    private static AgentCommand Custom(string commandLine, string workingDirectory)
    {
        var (tokens, error) = CommandTokenizer.Split(commandLine);
        if (error is not null)
        {
            throw new UsageException($"--agent '{commandLine}': {error}.");
        }

        return new AgentCommand(tokens[0], tokens.Skip(1).ToList(), workingDirectory);
    }
}
