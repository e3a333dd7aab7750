using System.CommandLine;
using System.Text.Json;
using System.Text.RegularExpressions;
using Omk.Processes;

namespace Omk.Cli.Commands;

/// <summary><c>omk doctor</c>: can omk drive an agent here? kimi installed, its version and protocol, node, a model configured, git.</summary>
public static partial class DoctorCommand
{
    private sealed record Check(string Name, bool Ok, string Detail);

    public static Command Create()
    {
        var json = CommonOptions.Json("Print the checks as JSON.");
        var command = new Command("doctor", "Check that omk can drive Kimi here: kimi installed, its version and protocol, node, a model configured, git (exit 1 when not).") { json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var checks = await RunChecksAsync(cancellationToken);
            if (parse.GetValue(json))
            {
                using var writer = new Utf8JsonWriter(Console.OpenStandardOutput(), Storage.JsonFileOptions.Writer(indented: true));
                writer.WriteStartArray();
                foreach (var c in checks)
                {
                    writer.WriteStartObject();
                    writer.WriteString("check", c.Name);
                    writer.WriteBoolean("ok", c.Ok);
                    writer.WriteString("detail", c.Detail);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.Flush();
                Console.Out.WriteLine();
            }
            else
            {
                foreach (var c in checks)
                {
                    Console.Out.WriteLine($"{(c.Ok ? "ok  " : "FAIL")}  {c.Name,-8} {c.Detail}");
                }
            }

            return checks.All(c => c.Ok) ? ExitCodes.Ready : ExitCodes.NotReady;
        });
        return command;
    }

    private static async Task<List<Check>> RunChecksAsync(CancellationToken cancellationToken)
    {
        var runner = new ProcessRunner(TimeProvider.System);
        var here = Directory.GetCurrentDirectory();
        var checks = new List<Check>();
        async Task<ProcessResult> Run(string program, params string[] args) =>
            await runner.RunAsync(new ProcessSpec(new ProcessCommand(program, args), here) { Timeout = TimeSpan.FromSeconds(30) }, cancellationToken);

        var kimi = AgentCommandLine.KimiExecutable;
        var (nodeNeeded, neededFrom) = Agents.NodeRequirement.For(kimi);
        var node = await Run("node", "-v");
        var nodeVersion = node.ExitCode == 0 ? Agents.NodeRequirement.Parse(node.StdoutTail) : null;
        var nodeCheck = nodeVersion is null
            ? new Check("node", false, $"node not found on PATH; kimi needs node >= {nodeNeeded} ({neededFrom}): install node {nodeNeeded.Major} (e.g. `nvm install {nodeNeeded.Major}`) and put it first on PATH")
            : nodeVersion >= nodeNeeded
                ? new Check("node", true, $"node v{nodeVersion} (kimi needs >= {nodeNeeded}, from {neededFrom})")
                : new Check("node", false, $"node v{nodeVersion} is too old: kimi needs node >= {nodeNeeded} ({neededFrom}); install node {nodeNeeded.Major} (e.g. `nvm install {nodeNeeded.Major}`) and put it first on PATH");
        var version = await Run(kimi, "--version");
        if (version.StartError is not null || version.ExitCode != 0)
        {
            var why = nodeCheck.Ok ? string.Empty : $": {nodeCheck.Detail}";
            var first = FirstLine(version.StderrTail);
            checks.Add(new Check("kimi", false, $"'{kimi}' did not run ({version.StartError ?? "exit " + version.ExitCode}{(first is null ? string.Empty : ": " + first)}){why}; install the Kimi Code CLI: npm install -g @moonshot-ai/kimi-code (node >= {nodeNeeded}), or set OMK_KIMI"));
            checks.Add(nodeCheck);
        }
        else
        {
            var text = (version.StdoutTail + version.StderrTail).Trim();
            var match = VersionNumber().Match(text);
            var major = match.Success ? int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
            checks.Add(new Check("kimi", match.Success, $"{kimi}: {text.Split('\n')[0]}"));
            checks.Add(new Check("protocol", match.Success, major >= 2
                ? "ACP (`kimi acp`, Kimi Code CLI 2.x): use --agent kimi"
                : "Wire 1.x (`kimi --wire`, legacy kimi-cli): use --agent kimi-wire"));
            if (major >= 2)
            {
                checks.Add(nodeCheck);
                checks.Add(ModelCheck());
            }
        }

        var git = await Run("git", "--version");
        checks.Add(new Check("git", git.ExitCode == 0, git.ExitCode == 0 ? git.StdoutTail.Trim() : "git not found on PATH (needed for changed files and worktrees)"));
        return checks;
    }

    // `kimi doctor config` only validates files, so look where the Kimi Code CLI takes its model from: KIMI_MODEL_*
    // variables, default_model in $KIMI_CODE_HOME/config.toml (default ~/.kimi-code), or stored login credentials.
    private static Check ModelCheck()
    {
        if (Environment.GetEnvironmentVariable("KIMI_MODEL_NAME") is { Length: > 0 } name)
        {
            return new Check("model", true, $"{name}, from KIMI_MODEL_* variables");
        }

        var home = Environment.GetEnvironmentVariable("KIMI_CODE_HOME") is { Length: > 0 } h
            ? h
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".kimi-code");
        var config = Path.Combine(home, "config.toml");
        if (File.Exists(config) && DefaultModel().Match(File.ReadAllText(config)) is { Success: true } model)
        {
            return new Check("model", true, $"{model.Groups[1].Value}, from {config}");
        }

        var credentials = Directory.Exists(home)
            ? Directory.EnumerateFiles(home, "*", SearchOption.AllDirectories).FirstOrDefault(f =>
                Path.GetFileName(f).Contains("credential", StringComparison.OrdinalIgnoreCase)
                || Path.GetFileName(f).Contains("auth", StringComparison.OrdinalIgnoreCase))
            : null;
        return credentials is not null
            ? new Check("model", true, $"a Kimi account login ({credentials})")
            : new Check("model", false, $"no model: no KIMI_MODEL_* variables, no default_model in {config}, no login; run `kimi login` or configure a provider");
    }

    // The line that says what went wrong (node prints the source location first, then e.g. "SyntaxError: ...").
    private static string? FirstLine(string? text)
    {
        var lines = (text ?? string.Empty).Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        return lines.FirstOrDefault(l => l.Contains("Error", StringComparison.Ordinal)) ?? lines.FirstOrDefault();
    }

    [GeneratedRegex(@"(?m)^\s*default_model\s*=\s*""([^""]+)""")]
    private static partial Regex DefaultModel();

    [GeneratedRegex(@"(\d+)\.(\d+)\.(\d+)")]
    private static partial Regex VersionNumber();
}
