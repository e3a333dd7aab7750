using System.CommandLine;
using System.Text;
using System.Text.Json;
using Omk.Gates;
using Omk.Gates.Scripts;
using Omk.Processes;
using Omk.Runs;

namespace Omk.Cli.Commands;

/// <summary><c>omk gates list|check</c> (and <c>omk gates exec</c>, which omk runs to run one code gate in a child process).</summary>
public static class GatesCommand
{
    public static Command Create(ShutdownSignals? signals = null)
    {
        var command = new Command("gates", "List and check the repository's gates (gates/*.fsx, or the auto-detected defaults).");
        var cancellationToken = signals?.Token ?? CancellationToken.None;
        command.Add(List(cancellationToken));
        command.Add(Check(cancellationToken));
        command.Add(Exec());
        return command;
    }

    public static Option<string?> Solution() => new("--solution")
    {
        Description = "The solution or project the auto-detected build and test gates use (default: the single one found under the repository).",
        HelpName = "PATH",
    };

    /// <summary><c>omk gates list [--json]</c> with no other option, read without System.CommandLine (<see cref="PlainCommandLine"/>).</summary>
    internal static int ListDefaults(bool json, CancellationToken cancellationToken)
    {
        // The console's writer is made on another core while this thread loads the gates.
        new Thread(() => _ = Console.Out) { IsBackground = true, Name = "omk console" }.Start();
        return Print(Load(null, null, null, null, cancellationToken), json);
    }

    private static Command List(CancellationToken cancellationToken)
    {
        var repo = CommonOptions.Repo();
        var stateDir = CommonOptions.StateDir();
        var gatesDir = CommonOptions.GatesDir();
        var solution = Solution();
        var json = CommonOptions.Json("Print the gates as JSON.");
        var command = new Command("list", "List the gates: name, kind, required, tags, dependencies and where each is declared.") { repo, stateDir, gatesDir, solution, json };
        // Synchronous actions (as omk proof's): nothing here waits, so no async state machine is prepared for the JIT.
        command.SetAction(parse => Print(
            Load(parse.GetValue(repo), parse.GetValue(stateDir), parse.GetValue(gatesDir), parse.GetValue(solution), cancellationToken),
            CommonOptions.IsSet(parse, json)));
        return command;
    }

    private static int Print((GateSet? Set, GateScriptLoad? Load) loaded, bool json)
    {
        if (loaded.Set is not { } set)
        {
            return ExitCodes.Usage;
        }

        if (json)
        {
            WriteJson(set, loaded.Load);
        }
        else
        {
            Console.Out.Write(ListText(set, loaded.Load));
        }

        return ExitCodes.Ready;
    }

    // One write of the whole list; the name column padded by hand (string alignment and PadRight fill with vector code
    // that ReadyToRun leaves to the JIT, which this hot path would pay for).
    private static string ListText(GateSet set, GateScriptLoad? load)
    {
        var text = new StringBuilder();
        text.Append(set.Gates.Count).Append(" gate(s) from ").Append(set.Origin)
            .AppendLine(load is null ? string.Empty : load.Compiled ? " (compiled)" : " (cached)");
        foreach (var g in set.Gates)
        {
            text.Append("  ").Append(g.Name);
            for (var column = g.Name.Length; column < 20; column++)
            {
                text.Append(' ');
            }

            text.Append(' ').Append(g.Kind).Append(' ').Append(g.IsRequired ? "required" : g.AllowFail ? "allow-fail" : "optional");
            if (g.Skip)
            {
                text.Append(" skip");
            }

            foreach (var tag in g.Tags)
            {
                text.Append(" #").Append(tag);
            }

            if (g.DependsOn.Count > 0)
            {
                text.Append(" after ").AppendJoin(", ", g.DependsOn);
            }

            if (g.Project is not null)
            {
                text.Append(" for ").Append(g.Project);
            }

            if (g.Source is not null)
            {
                text.Append("  ").Append(g.Source.File).Append(':').Append(g.Source.Line);
            }

            text.AppendLine();
        }

        return text.ToString();
    }

    private static Command Check(CancellationToken cancellationToken)
    {
        var repo = CommonOptions.Repo();
        var stateDir = CommonOptions.StateDir();
        var gatesDir = CommonOptions.GatesDir();
        var solution = Solution();
        var command = new Command("check", "Compile the gate scripts and check the gates are well declared; runs nothing (exit 2 on errors).") { repo, stateDir, gatesDir, solution };
        command.SetAction(parse =>
        {
            var (set, load) = Load(parse.GetValue(repo), parse.GetValue(stateDir), parse.GetValue(gatesDir), parse.GetValue(solution), cancellationToken);
            if (set is null)
            {
                return ExitCodes.Usage;
            }

            Console.Out.WriteLine($"omk: {set.Gates.Count} gate(s) from {set.Origin} are well declared{(load is null ? string.Empty : load.Compiled ? " (compiled)" : " (cached)")}.");
            return ExitCodes.Ready;
        });
        return command;
    }

    private static Command Exec()
    {
        var invocation = new Option<string>("--invocation") { Required = true, Description = "The invocation file omk wrote (the gate, its script, the run's facts).", HelpName = "FILE" };
        var result = new Option<string>("--result") { Required = true, Description = "Where to write the gate's outcome (JSON).", HelpName = "FILE" };
        var command = new Command("exec", "Run one code gate in this process and write its outcome: what omk runs in a child process for each code gate; not for direct use.") { invocation, result };
        command.SetAction(parse => CodeGateHost.Run(parse.GetValue(invocation)!, parse.GetValue(result)!));
        return command;
    }

    // Blocks on the repository's location (git is asked only in unusual cases) and on discovery (whose sources answer
    // without waiting); a signal (the command's token) still stops a compile or a declaration at once.
    internal static (GateSet? Set, GateScriptLoad? Load) Load(string? repoOption, string? stateDir, string? gatesDir, string? solution, CancellationToken cancellationToken)
    {
        var root = RepoLocation.ResolveAsync(repoOption, cancellationToken).GetAwaiter().GetResult();
        var scripts = GateSources.Scripts(gatesDir);
        try
        {
            var target = solution is null ? null : Path.GetFullPath(solution);
            var set = new GateDiscovery([scripts, new DotnetGateSource(target)]).DiscoverAsync(new GateSourceContext(root), cancellationToken).GetAwaiter().GetResult();
            foreach (var warning in scripts.LastLoad?.Warnings ?? [])
            {
                Console.Error.WriteLine(warning.Format(root));
            }

            return (set, scripts.LastLoad);
        }
        catch (GateScriptException ex)
        {
            GateSources.Report(ex, root, Console.Error);
            return (null, null);
        }
        catch (GateConfigurationException ex)
        {
            Console.Error.WriteLine($"omk: {ex.Message}");
            return (null, null);
        }
    }

    private static void WriteJson(GateSet set, GateScriptLoad? load)
    {
        using var writer = new Utf8JsonWriter(Console.OpenStandardOutput(), Storage.JsonFileOptions.Writer(indented: true));
        writer.WriteStartObject();
        writer.WriteString("origin", set.Origin);
        if (load is not null)
        {
            writer.WriteBoolean("compiled", load.Compiled);
        }

        writer.WriteStartArray("gates");
        foreach (var g in set.Gates)
        {
            writer.WriteStartObject();
            writer.WriteString("name", g.Name);
            writer.WriteString("kind", g.Kind);
            writer.WriteBoolean("required", g.IsRequired);
            writer.WriteBoolean("allow_fail", g.AllowFail);
            writer.WriteBoolean("skip", g.Skip);
            if (g.Command is { } c)
            {
                writer.WriteString("command_line", c.CommandLine);
            }

            if (g.WorkingDirectory is { } directory)
            {
                writer.WriteString("working_directory", directory);
            }

            if (g.Environment.Count > 0)
            {
                // Names only: a script may compute a value from a secret.
                writer.WriteStartArray("environment");
                g.Environment.Keys.Order(StringComparer.Ordinal).ToList().ForEach(writer.WriteStringValue);
                writer.WriteEndArray();
            }

            if (g.Project is { } project)
            {
                writer.WriteString("project", project);
            }

            if (g.Timeout is { } t)
            {
                writer.WriteNumber("timeout_secs", (long)Math.Ceiling(t.TotalSeconds));
            }

            writer.WriteStartArray("tags");
            g.Tags.ToList().ForEach(writer.WriteStringValue);
            writer.WriteEndArray();
            writer.WriteStartArray("depends_on");
            g.DependsOn.ToList().ForEach(writer.WriteStringValue);
            writer.WriteEndArray();
            if (g.Source is { } s)
            {
                writer.WriteString("source_file", s.File);
                writer.WriteNumber("source_line", s.Line);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.Flush();
        Console.Out.WriteLine();
    }
}
