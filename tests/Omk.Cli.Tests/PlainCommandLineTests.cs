using Omk.Testing;
using Omk.Tests.GateScripts;

namespace Omk.Tests;

/// <summary>
/// A run's command line of plain tokens, and <c>omk gates list [--json]</c>, run without System.CommandLine
/// (<c>PlainCommandLine</c>): each command line below runs twice as a real <c>omk</c> process, once as it comes and once
/// with <c>OMK_COMMAND_LINE=parser</c> (System.CommandLine reads everything), and both give the same arguments
/// (<c>OMK_TRACE_ARGUMENTS=1</c>), the same exit code and the same errors. The first kind must not load
/// System.CommandLine at all; anything with another possible reading (help, <c>--name=value</c>, <c>--flag true</c>, a
/// value like a subcommand or an option, a response file, an error) must still go through it.
/// </summary>
public sealed class PlainCommandLineTests
{
    private const string TracePrefix = "omk-trace: proof ";

    public static TheoryData<string> ReadPlainly => new()
    {
        "proof --gate a=true",
        "proof --gate a=true --gate b=true --no-reuse --state-dir state",
        "proof --gate a=true --gate b=true --parallel 2 --retries 1 --json",
        "proof --gate a=true --parallel 007 --retries +1",
        "proof --gate a=true --filter a --allow-fail a --after a:a",
        "proof --gate a=true --timeout 90s --result-file result.json",
        "proof --gate a=true --repo . --base HEAD",
        "proof --gate a=true --shard 1/2",
        "proof --gate a=true --gates-dir gates --solution none.sln",
        "proof --gate a=true --timeout soon",
        "proof --gate a=true --parallel 0",
        "proof --gate true --filter true --no-reuse",
        "proof --gate h=true --filter help",
    };

    public static TheoryData<string> LeftToTheParser => new()
    {
        "proof --gate=a=true",
        "proof --gate:a=true",
        "proof --gate a=true --json true",
        "proof --gate a=true --no-reuse False",
        "proof --gate a=true --json --json",
        "proof --gate a=true --parallel abc",
        "proof --gate a=true --parallel 99999999999",
        "proof --gate a=true --parallel 1 --parallel 2",
        "proof --gate a=true --filter show",
        "proof --gate a=true --filter -x",
        "proof --gate a=true --state-dir",
        "proof --gate a=true extra",
        "proof --gate a=true @missing.rsp",
        "proof --gate a=true --help",
        "proof --gate a=true -h",
        "proof --gate /h",
        "proof --gate /h=true",
        "proof --gate show:true",
        "proof --gate a=true --unknown 1",
        "proof --gate a=true --",
    };

    [Theory]
    [MemberData(nameof(ReadPlainly))]
    public async Task A_plain_run_command_line_gives_what_the_parser_gives_without_loading_it(string commandLine)
    {
        var (plain, parsed) = await BothWaysInFreshRepositoriesAsync(commandLine.Split(' '));

        Assert.Equal(parsed.ExitCode, plain.ExitCode);
        Assert.Equal(Trace(parsed), Trace(plain));
        Assert.NotNull(Trace(plain));
        Assert.Equal(Errors(parsed), Errors(plain));
        Assert.DoesNotContain("omk-trace: loaded System.CommandLine", plain.Stderr, StringComparison.Ordinal);
        Assert.Contains("omk-trace: loaded System.CommandLine", parsed.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(LeftToTheParser))]
    public async Task A_command_line_with_another_possible_reading_is_parsed_as_before(string commandLine)
    {
        var (plain, parsed) = await BothWaysInFreshRepositoriesAsync(commandLine.Split(' '));

        Assert.Equal(parsed.ExitCode, plain.ExitCode);
        Assert.Equal(Trace(parsed), Trace(plain));
        Assert.Equal(Errors(parsed), Errors(plain));
        Assert.Contains("omk-trace: loaded System.CommandLine", plain.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plain_tokens_keep_their_values_order_and_repetition()
    {
        using var repo = new TempGitRepo();

        var result = await RunAsync(
            repo.Path, ["proof", "--gate", "b=true", "--allow-fail", "b", "--gate", "a=echo two words", "--parallel", "3", "--no-reuse", "--state-dir", "runs here"], parser: false);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(
            "repo=(none) gates=['b=true', 'a=echo two words'] after=[] solution=(none) allow-fail=['b'] filter=(none) parallel='3' base=(none) " +
            "timeout=(none) state-dir='runs here' gates-dir=(none) json='false' result-file=(none) retries='0' no-reuse='true' shard=(none) affected='false'",
            Trace(result));
        Assert.True(Directory.Exists(Path.Combine(repo.Path, "runs here", "runs")), result.ToString());
        Assert.DoesNotContain("omk-trace: loaded System.CommandLine", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("gates", "list")]
    [InlineData("gates", "list", "--json")]
    public async Task A_gate_listing_prints_what_the_parsed_one_prints(params string[] args)
    {
        using var repo = new GateScriptRepo(
            ("gates/build.fsx", "open Omk.Gates\n\ngate \"build\" { run \"dotnet build\"; tag \"build\" }\n"),
            ("gates/test.fsx", "open Omk.Gates\n\ngate \"test\" { run \"dotnet test\"; dependsOn \"build\" }\n"));
        var cold = await repo.OmkAsync("gates", "list");
        Assert.True(cold.ExitCode == 0, cold.ToString());

        var (plain, parsed) = await BothWaysAsync(repo.Path, args, new Dictionary<string, string?> { ["OMK_CACHE_DIR"] = repo.CacheDirectory });

        Assert.True(plain.ExitCode == 0, plain.ToString());
        Assert.Equal(parsed.Stdout, plain.Stdout);
        Assert.Contains("build", plain.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("omk-trace: loaded System.CommandLine", plain.Stderr, StringComparison.Ordinal);
    }

    // Each reading in a repository of its own, as new (a first run records what a second would read: durations, results
    // to reuse); each repository's path reads <repo> in what omk wrote.
    private static async Task<(Output Plain, Output Parsed)> BothWaysInFreshRepositoriesAsync(string[] args)
    {
        using var first = new TempGitRepo();
        using var second = new TempGitRepo();
        return (await RunAsync(first.Path, args, parser: false), await RunAsync(second.Path, args, parser: true));
    }

    private static async Task<(Output Plain, Output Parsed)> BothWaysAsync(string directory, string[] args, IReadOnlyDictionary<string, string?>? environment = null) =>
        (await RunAsync(directory, args, parser: false, environment), await RunAsync(directory, args, parser: true, environment));

    private static async Task<Output> RunAsync(string directory, string[] args, bool parser, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var traced = new Dictionary<string, string?>(environment ?? new Dictionary<string, string?>())
        {
            ["OMK_TRACE_ARGUMENTS"] = "1",
            ["OMK_TRACE_ASSEMBLIES"] = "1",
            ["OMK_COMMAND_LINE"] = parser ? "parser" : null,
        };
        var result = await OmkProcess.RunAsync(directory, traced, args);
        return new Output(result.ExitCode, result.Stdout.Replace(directory, "<repo>", StringComparison.Ordinal), result.Stderr.Replace(directory, "<repo>", StringComparison.Ordinal));
    }

    private sealed record Output(int ExitCode, string Stdout, string Stderr);

    private static string? Trace(Output result) =>
        result.Stderr.Split('\n').FirstOrDefault(l => l.StartsWith(TracePrefix, StringComparison.Ordinal))?[TracePrefix.Length..].TrimEnd();

    // What omk said was wrong (its "omk: ..." lines without the run's own progress, whose ids and times differ).
    private static List<string> Errors(Output result) =>
        result.Stderr.Split('\n')
            .Where(l => l.StartsWith("omk: ", StringComparison.Ordinal) && !l.StartsWith("omk: run run-", StringComparison.Ordinal) && !l.StartsWith("omk: gate ", StringComparison.Ordinal))
            .Select(l => l.TrimEnd())
            .ToList();
}
