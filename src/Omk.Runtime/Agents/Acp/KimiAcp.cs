using Omk.Processes;

namespace Omk.Agents.Acp;

/// <summary>
/// The Kimi Code CLI (npm <c>@moonshot-ai/kimi-code</c> 2.x, binary <c>kimi</c>, node 22.19 or newer) as an ACP agent:
/// <c>kimi acp</c> with its home isolated (<c>HOME</c>, <c>KIMI_CODE_HOME</c>), telemetry and auto-update off.
/// </summary>
public static class KimiAcp
{
    /// <summary>The program name looked up on <c>PATH</c>.</summary>
    public const string ExecutableName = "kimi";

    /// <summary>Where Kimi keeps its config and sessions for a given home: <c>&lt;home&gt;/.kimi-code</c>.</summary>
    public static string CodeHome(string kimiHome) => Path.Combine(Path.GetFullPath(kimiHome), ".kimi-code");

    /// <summary>
    /// <c>kimi acp</c> in <paramref name="workingDirectory"/>, with <c>HOME</c> = <paramref name="kimiHome"/>,
    /// <c>KIMI_CODE_HOME</c> = <see cref="CodeHome"/>, <c>KIMI_DISABLE_TELEMETRY=1</c> and
    /// <c>KIMI_CODE_NO_AUTO_UPDATE=1</c>. <paramref name="environment"/> is applied last (a null value removes a
    /// variable); use it for <c>PATH</c> (kimi runs <c>node</c> from <c>PATH</c>) or the <c>KIMI_MODEL_*</c> variables.
    /// </summary>
    public static AgentCommand Command(
        string kimiExecutable,
        string workingDirectory,
        string kimiHome,
        IReadOnlyDictionary<string, string?>? environment = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(kimiExecutable);
        ArgumentException.ThrowIfNullOrEmpty(workingDirectory);
        ArgumentException.ThrowIfNullOrEmpty(kimiHome);
        var variables = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["HOME"] = Path.GetFullPath(kimiHome),
            ["KIMI_CODE_HOME"] = CodeHome(kimiHome),
            ["KIMI_DISABLE_TELEMETRY"] = "1",
            ["KIMI_CODE_NO_AUTO_UPDATE"] = "1",
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            variables[name] = value;
        }

        return new AgentCommand(kimiExecutable, ["acp"], Path.GetFullPath(workingDirectory)) { Environment = variables };
    }

    /// <summary>
    /// Driver settings for a command made by <see cref="Command"/>: the session log is read from
    /// <c>$KIMI_CODE_HOME/sessions</c> (the command's, else this process's, else <c>~/.kimi-code</c>).
    /// </summary>
    public static AcpSessionSettings Settings(AgentCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var codeHome = command.Environment.TryGetValue("KIMI_CODE_HOME", out var set) && !string.IsNullOrEmpty(set)
            ? set
            : Environment.GetEnvironmentVariable("KIMI_CODE_HOME") is { Length: > 0 } inherited
                ? inherited
                : Path.Combine(
                    command.Environment.TryGetValue("HOME", out var home) && !string.IsNullOrEmpty(home) ? home : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile),
                    ".kimi-code");
        return new AcpSessionSettings { KimiSessionsDirectory = Path.Combine(codeHome, "sessions") };
    }

    /// <summary>
    /// The full path of the <c>kimi</c> executable: <paramref name="explicitPath"/> when given (it must exist), else
    /// the first <c>kimi</c> on <paramref name="searchPath"/> (default: this process's <c>PATH</c>). Not found is an
    /// <see cref="AgentStartException"/> that says how to install it.
    /// </summary>
    public static string Locate(string? explicitPath = null, string? searchPath = null)
    {
        var program = string.IsNullOrEmpty(explicitPath) ? ExecutableName : explicitPath;
        var found = ProgramLocator.Locate(program, Environment.CurrentDirectory, searchPath ?? Environment.GetEnvironmentVariable("PATH"), out var error);
        return found ?? throw new AgentStartException(
            $"The Kimi Code CLI was not found: {error}. Install it with `npm install -g @moonshot-ai/kimi-code` (it needs node 22.19 or newer on PATH) or give the path to its `kimi` executable.");
    }
}
