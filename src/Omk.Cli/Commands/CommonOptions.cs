using System.CommandLine;

namespace Omk.Cli.Commands;

/// <summary>Options shared by the commands that work on a repository's runs.</summary>
public static class CommonOptions
{
    public static Option<string?> Repo() => new("--repo")
    {
        Description = "The repository to work on (default: the git top level of the current directory).",
        HelpName = "DIR",
    };

    public static Option<string?> StateDir() => new("--state-dir")
    {
        Description = $"Where runs are kept (default: ${Runs.RunStore.StateDirVariable}, then <repo>/.omk).",
        HelpName = "DIR",
    };

    public static Option<string?> GatesDir() => new("--gates-dir")
    {
        Description = "The folder of gate scripts, relative to the repository (default: gates).",
        HelpName = "DIR",
    };

    public static Option<bool> Json(string description) => new("--json") { Description = description };

    /// <summary>
    /// The value of a flag (<c>--json</c>, <c>--json true</c>, <c>--json false</c>) as <c>parse.GetValue(flag)</c> gives it once
    /// parsed (the parser takes a value only when it is a boolean), read from its tokens: System.CommandLine's generic
    /// value path over <c>bool</c> is code that ReadyToRun leaves to the JIT on every run of a light command.
    /// </summary>
    public static bool IsSet(ParseResult parse, Option<bool> flag) =>
        parse.GetResult(flag) is { Implicit: false } result && (result.Tokens.Count == 0 || bool.Parse(result.Tokens[^1].Value));
}
