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
}
