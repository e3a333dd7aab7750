using System.Globalization;

namespace Omk.Agents.Wire;

/// <summary>The <c>kimi --wire</c> command line (spec: shared/reference/kimi-wire.md §1.1).</summary>
public static class KimiWire
{
    /// <summary>The Wire protocol version this driver speaks.</summary>
    public const string ProtocolVersion = "1.10";

    /// <summary>
    /// <c>kimi [program arguments] --wire --work-dir DIR [--session ID|--continue] [--yolo] [--model M]
    /// [--thinking|--no-thinking] [--config-file P] [--agent-file F] [--skills-dir D] [--max-steps-per-turn N] [extra]</c>,
    /// run in <paramref name="workDirectory"/>, with <c>KIMI_SHARE_DIR</c> and <c>HOME</c> set (and created) when given.
    /// </summary>
    public static AgentCommand Command(string workDirectory, KimiWireOptions? options = null)
    {
        options ??= new KimiWireOptions();
        var work = Path.GetFullPath(workDirectory);
        var arguments = new List<string>(options.ProgramArguments) { "--wire", "--work-dir", work };
        if (options.Session is { } session)
        {
            arguments.AddRange(["--session", session]);
        }
        else if (options.Continue)
        {
            arguments.Add("--continue");
        }

        if (options.Yolo)
        {
            arguments.Add("--yolo");
        }

        Add(arguments, "--model", options.Model);
        if (options.Thinking is { } thinking)
        {
            arguments.Add(thinking ? "--thinking" : "--no-thinking");
        }

        Add(arguments, "--config-file", options.ConfigFile);
        Add(arguments, "--agent-file", options.AgentFile);
        Add(arguments, "--skills-dir", options.SkillsDirectory);
        Add(arguments, "--max-steps-per-turn", options.MaxStepsPerTurn?.ToString(CultureInfo.InvariantCulture));
        arguments.AddRange(options.ExtraArguments);

        var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (options.ShareDirectory is { } share)
        {
            environment["KIMI_SHARE_DIR"] = Directory.CreateDirectory(share).FullName;
        }

        if (options.HomeDirectory is { } home)
        {
            environment["HOME"] = Directory.CreateDirectory(home).FullName;
        }

        foreach (var (name, value) in options.Environment)
        {
            environment[name] = value;
        }

        return new AgentCommand(options.Program, arguments, work) { Environment = environment };
    }

    /// <summary>Options that keep kimi's state under <paramref name="stateDirectory"/> (<c>share/</c> and <c>home/</c>).</summary>
    public static KimiWireOptions Isolated(string stateDirectory) => new()
    {
        ShareDirectory = Path.Combine(stateDirectory, "share"),
        HomeDirectory = Path.Combine(stateDirectory, "home"),
    };

    private static void Add(List<string> arguments, string option, string? value)
    {
        if (value is not null)
        {
            arguments.AddRange([option, value]);
        }
    }
}
