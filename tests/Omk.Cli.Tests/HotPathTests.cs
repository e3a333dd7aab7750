using Omk.Testing;
using Omk.Tests.GateScripts;

namespace Omk.Tests;

/// <summary>
/// Light commands stay light: run as real child processes, <c>omk --version</c>, <c>omk runs list</c>,
/// <c>omk runs show</c>, <c>omk proof show</c>, <c>omk goal list</c> and <c>omk gates list</c> in a repository without gate scripts never load
/// the F# compiler, FSharp.Core, the gate API or Octokit, and never run code of the agent drivers, of compiling or loading
/// gate scripts, or of another command. Loaded assemblies come from <c>OMK_TRACE_ASSEMBLIES=1</c>;
/// the code that ran from the runtime's own list of compiled methods, with ReadyToRun code switched off so that every
/// method that runs is listed. A command line that names its command is parsed without System.CommandLine's root command
/// (help, errors and response files still go through it), and a warm <c>omk gates list</c> over gate scripts loads neither
/// the F# compiler nor the cryptography library. On Linux <c>omk proof</c> starts git and its gates without
/// <see cref="System.Diagnostics.Process"/> (no socket engine for the pipes, no <c>setsid</c>/<c>env</c> programs).
/// </summary>
public sealed class HotPathTests
{
    private static readonly string[] HeavyAssemblies = ["FSharp.Compiler.Service", "FSharp.Core", "FSharp.DependencyManager.Nuget", "Omk.Gates", "Octokit"];

    // Code that compiles, caches, loads or runs gate scripts (finding that there are none is light and allowed).
    private static readonly string[] ScriptCode =
    [
        "Omk.Gates.Scripts.FcsGateCompiler:", "Omk.Gates.Scripts.GateScriptAssembly:", "Omk.Gates.Scripts.GateScriptCache:KeyOf",
        "Omk.Gates.Scripts.GateScriptCache:ReadVerified",
        "Omk.Gates.Scripts.ScriptClosure:", "Omk.Gates.Scripts.ScriptGateSource:Load(", "Omk.Gates.Scripts.CodeGate",
    ];

    private static readonly string[] CommandBuilders =
    [
        "Omk.Cli.Commands.ProofCommand:Create", "Omk.Cli.Commands.ProofCommand:ShowOnly", "Omk.Cli.Commands.GatesCommand:",
        "Omk.Cli.Commands.AgentRunCommand:", "Omk.Cli.Commands.DoctorCommand:", "Omk.Cli.Commands.RunsCommand:",
        "Omk.Cli.Commands.TeamCommand:", "Omk.Cli.Commands.WorktreeCommand:",
    ];

    /// <summary>A light command line and the one command builder it may run.</summary>
    public static TheoryData<string, string> LightCommands => new()
    {
        { "runs list", "Omk.Cli.Commands.RunsCommand:" },
        { "runs list --json", "Omk.Cli.Commands.RunsCommand:" },
        { "runs show latest", "Omk.Cli.Commands.RunsCommand:" },
        { "proof show latest", "Omk.Cli.Commands.ProofCommand:ShowOnly" },
        { "proof show latest --format json", "Omk.Cli.Commands.ProofCommand:ShowOnly" },
        { "gates list", "Omk.Cli.Commands.GatesCommand:" },
        { "gates list --json", "Omk.Cli.Commands.GatesCommand:" },
        { "goal list", "Omk.Cli.Commands.GoalCommand:" },
    };

    [Theory]
    [MemberData(nameof(LightCommands))]
    public async Task A_light_command_loads_no_heavy_assembly_and_runs_no_code_of_other_commands(string commandLine, string builder)
    {
        using var repo = new TempGitRepo();
        repo.Write("app/app.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\" />\n"); // auto-detected gates, no gate scripts
        var proof = await OmkProcess.RunAsync(repo.Path, "proof", "--gate", "ok=true");
        Assert.True(proof.ExitCode == 0, proof.ToString());

        var (result, assemblies, methods) = await TraceAsync(repo.Path, commandLine.Split(' '));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Omk.Runtime", assemblies);
        Assert.Empty(assemblies.Intersect(HeavyAssemblies));
        Assert.Contains(methods, m => m.StartsWith(builder, StringComparison.Ordinal));
        string[] forbidden = ["Omk.Agents.", "FSharp.", .. ScriptCode, .. CommandBuilders.Where(b => b != builder)];
        Assert.DoesNotContain(methods, m => forbidden.Any(f => m.StartsWith(f, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Omk_version_loads_neither_the_runtime_nor_the_command_line_parser()
    {
        using var directory = new TempDirectory("omk-version");

        var (result, assemblies, methods) = await TraceAsync(directory.Path, ["--version"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Matches(@"^\d+\.\d+\.\d+", result.Stdout);
        Assert.DoesNotContain("Omk.Runtime", assemblies);
        Assert.DoesNotContain("System.CommandLine", assemblies);
        Assert.Empty(assemblies.Intersect(HeavyAssemblies));
        Assert.DoesNotContain(methods, m => CommandBuilders.Any(b => m.StartsWith(b, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Help_still_lists_every_command_and_a_mistyped_command_is_a_usage_error()
    {
        using var directory = new TempDirectory("omk-help");

        var help = await OmkProcess.RunAsync(directory.Path, "--help");
        var typo = await OmkProcess.RunAsync(directory.Path, "prof");

        Assert.True(help.ExitCode == 0, help.ToString());
        foreach (var command in new[] { "proof", "gates", "agent", "doctor", "runs" })
        {
            Assert.Matches($"(?m)^  {command} ", help.Stdout);
        }

        Assert.Equal(2, typo.ExitCode);
        Assert.Contains("'prof'", typo.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("runs list")]
    [InlineData("gates list --json --repo .")]
    [InlineData("proof show latest --format json")]
    public async Task A_command_line_that_names_its_command_is_parsed_without_the_root_command(string commandLine)
    {
        using var repo = new TempGitRepo();
        var proof = await OmkProcess.RunAsync(repo.Path, "proof", "--gate", "ok=true");
        Assert.True(proof.ExitCode == 0, proof.ToString());

        var (result, _, methods) = await TraceAsync(repo.Path, commandLine.Split(' '));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains(methods, m => m.StartsWith("Omk.Cli.Commands.NamedCommandParser:Parse", StringComparison.Ordinal));
        Assert.DoesNotContain(methods, m => m.StartsWith("System.CommandLine.RootCommand:", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("runs list --help", 0, "Usage:")] // help is the root's: the whole tree parses it
    [InlineData("runs list -h", 0, "Usage:")]
    [InlineData("runs list --repo -h", 2, "'-h' does not exist")] // a token the root knows: the whole tree decides what it is
    [InlineData("runs lst", 2, "'lst'")]
    [InlineData("runs list --json --repo", 2, "--repo")]
    [InlineData("runs list @missing.rsp", 2, "missing.rsp")]
    public async Task Help_errors_and_response_files_still_go_through_the_root_command(string commandLine, int exitCode, string expected)
    {
        using var repo = new TempGitRepo();

        var (result, _, methods) = await TraceAsync(repo.Path, commandLine.Split(' '));

        Assert.True(result.ExitCode == exitCode, result.ToString());
        Assert.Contains(expected, result.Stdout + result.Stderr, StringComparison.Ordinal);
        Assert.Contains(methods, m => m.StartsWith("System.CommandLine.RootCommand:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_warm_gate_listing_loads_neither_the_compiler_nor_the_cryptography_library()
    {
        using var repo = new GateScriptRepo(
            ("gates/build.fsx", "open Omk.Gates\n\ngate \"build\" { run \"dotnet build\" }\n"),
            ("gates/quality.fsx", "#load \"lib/names.fsx\"\nopen Omk.Gates\n\ngate Names.lint { run \"dotnet format --verify-no-changes\"; dependsOn \"build\" }\n"),
            ("gates/lib/names.fsx", "module Names\n\nlet lint = \"lint\"\n"));
        var cold = await repo.OmkAsync("gates", "list");
        Assert.True(cold.ExitCode == 0, cold.ToString());
        Assert.Contains("(compiled)", cold.Stdout, StringComparison.Ordinal);

        var (warm, assemblies, methods) = await TraceAsync(repo.Path, ["gates", "list"], new Dictionary<string, string?> { ["OMK_CACHE_DIR"] = repo.CacheDirectory });

        Assert.True(warm.ExitCode == 0, warm.ToString());
        Assert.Contains("2 gate(s) from gates/*.fsx (2 script(s)) (cached)", warm.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^  lint {17}command required after build  gates/quality\.fsx:4$", warm.Stdout);
        Assert.Contains("FSharp.Core", assemblies); // the scripts did run
        Assert.DoesNotContain("FSharp.Compiler.Service", assemblies);
        Assert.DoesNotContain("System.Security.Cryptography", assemblies); // the cached assembly's hash is checked in managed code
        Assert.Contains(methods, m => m.StartsWith("Omk.Gates.Scripts.GateScriptCache:ReadVerified", StringComparison.Ordinal));
        Assert.DoesNotContain(methods, m => m.StartsWith("Omk.Gates.Scripts.FcsGateCompiler:", StringComparison.Ordinal));
        Assert.DoesNotContain(methods, m => m.StartsWith("System.Console:get_Error", StringComparison.Ordinal)); // the scripts printed nothing
    }

    [Fact]
    public async Task Omk_proof_starts_its_gates_and_git_without_the_process_class_on_linux()
    {
        using var repo = new TempGitRepo();
        string[] processAssemblies = ["System.Diagnostics.Process", "System.Net.Sockets", "System.IO.Pipes"];

        var (run, ranAssemblies, ranMethods) = await TraceAsync(repo.Path, ["proof", "--gate", "a=true", "--no-reuse"]);
        var (reused, reusedAssemblies, _) = await TraceAsync(repo.Path, ["proof", "--gate", "a=true"]);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.True(reused.ExitCode == 0, reused.ToString());
        Assert.Empty(ranAssemblies.Intersect(processAssemblies));
        Assert.Empty(reusedAssemblies.Intersect(processAssemblies));
        Assert.Contains(ranMethods, m => m.StartsWith("Omk.Processes.PosixSpawner:Start", StringComparison.Ordinal));
        Assert.DoesNotContain(ranMethods, m => m.StartsWith("Omk.Processes.ChildLauncher:", StringComparison.Ordinal)); // no setsid, no env
    }

    [Fact]
    public async Task Omk_proof_and_a_gate_listing_prepare_no_async_machinery_or_generic_value_code_of_the_command_line()
    {
        using var repo = new GateScriptRepo(("gates/build.fsx", "open Omk.Gates\n\ngate \"build\" { run \"dotnet build\" }\n"));
        var cold = await repo.OmkAsync("gates", "list");
        Assert.True(cold.ExitCode == 0, cold.ToString());
        var environment = new Dictionary<string, string?> { ["OMK_CACHE_DIR"] = repo.CacheDirectory };

        var (list, _, listed) = await TraceAsync(repo.Path, ["gates", "list", "--json"], environment);
        var (run, _, ran) = await TraceAsync(repo.Path, ["proof", "--gate", "a=true", "--gate", "b=true", "--parallel", "2", "--retries", "1", "--no-reuse", "--json"], environment);

        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Contains("\"name\": \"build\"", list.Stdout, StringComparison.Ordinal);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("\"status\": \"ready\"", run.Stdout, StringComparison.Ordinal);
        // Async state machines of the program's own command line and of System.CommandLine's invocation, and its value
        // code over int and bool: generic instantiations that ReadyToRun cannot compile ahead, so each would be JIT-compiled
        // on every run (this list is complete because ReadyToRun code is off here; the run itself stays asynchronous).
        string[] forbidden =
        [
            "Start[Program", "Start[Omk.Cli.", "Start[System.CommandLine.", "Start[Omk.Gates.GateDiscovery",
            "System.CommandLine.ParseResult:GetValue[int]", "System.CommandLine.ParseResult:GetValue[bool]", "System.CommandLine.Option`1[int]",
        ];
        foreach (var methods in new[] { listed, ran })
        {
            Assert.Contains(methods, m => m.StartsWith("Omk.Cli.OmkCommandLine:Run", StringComparison.Ordinal));
            Assert.DoesNotContain(methods, m => forbidden.Any(f => m.Contains(f, StringComparison.Ordinal)));
        }
    }

    // Two runs of the command: one with the assembly trace (its exit code and output are the command's), one with the
    // runtime's list of compiled methods. The runtime can crash while closing that list at exit (seen as exit 134 or 139
    // after the command's output was complete), so the second run is only read for the list.
    private static async Task<(ChildProcess.Result Result, IReadOnlyList<string> Assemblies, IReadOnlyList<string> Methods)> TraceAsync(
        string directory, string[] args, IReadOnlyDictionary<string, string?>? baseEnvironment = null)
    {
        var result = await OmkProcess.RunAsync(directory, new Dictionary<string, string?>(baseEnvironment ?? new Dictionary<string, string?>()) { ["OMK_TRACE_ASSEMBLIES"] = "1" }, args);
        var assemblies = result.Stderr.Split('\n')
            .Where(l => l.StartsWith("omk-trace: loaded ", StringComparison.Ordinal))
            .Select(l => l["omk-trace: loaded ".Length..].Trim())
            .ToList();
        Assert.Contains("omk", assemblies); // the trace itself worked

        using var jit = new TempDirectory("omk-jit");
        var methodsFile = jit.Combine("methods.txt");
        var environment = new Dictionary<string, string?>(baseEnvironment ?? new Dictionary<string, string?>())
        {
            ["DOTNET_ReadyToRun"] = "0",
            ["DOTNET_JitStdOutFile"] = methodsFile,
            ["DOTNET_JitDisasmSummary"] = "1",
        };
        var listed = await OmkProcess.RunAsync(directory, environment, args);
        Assert.Equal(result.Stdout.Length > 0, listed.Stdout.Length > 0);

        // Lines read "   12: JIT compiled Namespace.Type:Method(args) [Tier0, ...]".
        var methods = File.ReadAllLines(methodsFile)
            .Select(l => l.IndexOf("JIT compiled ", StringComparison.Ordinal) is var i and >= 0 ? l[(i + "JIT compiled ".Length)..] : null)
            .OfType<string>()
            .ToList();
        Assert.Contains(methods, m => m.StartsWith("Program:", StringComparison.Ordinal)); // the list is complete from Main on
        return (result, assemblies, methods);
    }
}
