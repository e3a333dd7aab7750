using System.CommandLine;

namespace Omk.Cli.Commands;

/// <summary>
/// Parses a command line against the command it names (<c>omk gates list --json</c>: against <c>list</c> alone),
/// without building the root command: the root's help, version and directive machinery is what most of
/// System.CommandLine's start-up costs, and only help and version need it. The result is used only when it is
/// certainly the one the whole tree would give: no token the root gives a meaning to (help and version, as
/// themselves or bundled, a response file) and no parse error. Anything else returns null and is parsed against the
/// whole tree, so help, errors, suggestions and exit codes stay the root's.
/// </summary>
public static class NamedCommandParser
{
    // The root's own options (System.CommandLine's help and version options) and the single-dash letters they may be
    // bundled from: a token like these means something to the root, whatever the named command makes of it.
    private static readonly string[] RootTokens = ["--help", "-h", "-?", "/h", "/?", "/help", "--version"];

    /// <summary>
    /// The parse of <paramref name="args"/> against <paramref name="command"/>, the command that <c>args[0]</c> names
    /// (its subcommands are its own); null when the whole tree must parse it.
    /// </summary>
    public static ParseResult? Parse(Command command, IReadOnlyList<string> args)
    {
        if (args.Count == 0 || args[0] != command.Name || args.Any(MeansSomethingToTheRoot))
        {
            return null;
        }

        var parse = command.Parse(args.Skip(1).ToArray());
        return parse.Errors.Count == 0 ? parse : null;
    }

    private static bool MeansSomethingToTheRoot(string token) =>
        RootTokens.Contains(token, StringComparer.Ordinal)
        || token.StartsWith('@') // a response file: what it expands to is not known here
        || (token.Length > 1 && token[0] == '-' && token[1] != '-' && token.AsSpan(1).IndexOfAnyExcept("h?") < 0); // -h? bundled
}
