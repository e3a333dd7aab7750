using System.Text.RegularExpressions;
using Omk.Testing;

namespace Omk.Tests;

/// <summary>
/// Every command's <c>--help</c> and the synopses in README.md and docs/*.md (the <c>omk ...</c> lines of their code
/// blocks) name the same options: nothing the CLI takes is undocumented, nothing documented is missing.
/// </summary>
public sealed partial class HelpMatchesDocsTests
{
    [Fact]
    public async Task The_options_of_every_command_help_and_of_the_docs_synopses_match()
    {
        var synopses = Synopses();
        var problems = new List<string>();
        foreach (var command in await CommandsAsync([]))
        {
            var help = await OmkProcess.RunAsync(RepoPaths.Root, [.. command, "--help"]);
            Assert.True(help.ExitCode == 0, help.ToString());
            var name = string.Join(' ', command);
            var inHelp = Options(help.Stdout).ToHashSet(StringComparer.Ordinal);
            if (!synopses.TryGetValue(name, out var documented))
            {
                problems.Add($"'omk {name}' has no synopsis in README.md or docs/*.md");
                continue;
            }

            problems.AddRange(inHelp.Except(documented).Select(o => $"'omk {name}': {o} is in --help but in no synopsis"));
            problems.AddRange(documented.Except(inHelp).Select(o => $"'omk {name}': {o} is documented but not in --help"));
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    // The leaf commands, found by walking the "Commands:" sections of the help.
    private static async Task<List<string[]>> CommandsAsync(string[] parent)
    {
        var help = await OmkProcess.RunAsync(RepoPaths.Root, [.. parent, "--help"]);
        var section = help.Stdout.Split("Commands:", 2);
        if (section.Length < 2)
        {
            return [parent];
        }

        var leaves = new List<string[]>();
        if (parent.Length > 0 && help.Stdout.Contains("Options:", StringComparison.Ordinal) && Options(help.Stdout).Any())
        {
            leaves.Add(parent); // a command with both options and subcommands (omk proof)
        }

        foreach (Match m in CommandLine().Matches(section[1]))
        {
            leaves.AddRange(await CommandsAsync([.. parent, m.Groups[1].Value]));
        }

        return leaves;
    }

    private static IEnumerable<string> Options(string help)
    {
        var options = help.Split("Options:", 2);
        var text = options.Length < 2 ? string.Empty : options[1].Split("Commands:", 2)[0];
        // The names column only: descriptions may mention other programs' options.
        return OptionColumn().Matches(text).SelectMany(m => OptionName().Matches(m.Groups[1].Value)).Select(m => m.Value).Where(o => o is not "--help");
    }

    // "omk <command words> [options...]" lines (and their indented continuation lines) in fenced code blocks.
    private static Dictionary<string, HashSet<string>> Synopses()
    {
        var files = Directory.GetFiles(Path.Combine(RepoPaths.Root, "docs"), "*.md").Append(Path.Combine(RepoPaths.Root, "README.md"));
        var found = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var inCode = false;
            HashSet<string>? current = null;
            foreach (var line in File.ReadLines(file))
            {
                if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
                {
                    inCode = !inCode;
                    current = null;
                    continue;
                }

                if (!inCode)
                {
                    continue;
                }

                if (line.StartsWith("omk ", StringComparison.Ordinal))
                {
                    var words = line[4..].Split(' ', StringSplitOptions.RemoveEmptyEntries).TakeWhile(w => Word().IsMatch(w));
                    var name = string.Join(' ', words);
                    current = found.TryGetValue(name, out var set) ? set : found[name] = [];
                    current.UnionWith(OptionName().Matches(line.Split('#')[0]).Select(m => m.Value));
                }
                else if (current is not null && line.StartsWith(' ') && line.TrimStart().StartsWith('['))
                {
                    current.UnionWith(OptionName().Matches(line.Split('#')[0]).Select(m => m.Value));
                }
                else
                {
                    current = null;
                }
            }
        }

        return found;
    }

    [GeneratedRegex(@"^\s{2}([a-z][a-z-]*)\b", RegexOptions.Multiline)]
    private static partial Regex CommandLine();

    [GeneratedRegex(@"(?<![\w-])--[a-z][a-z-]*")]
    private static partial Regex OptionName();

    [GeneratedRegex(@"^\s{2}(-[^ ,]*(?:, -[^ ,]*)*)", RegexOptions.Multiline)]
    private static partial Regex OptionColumn();

    [GeneratedRegex(@"^[a-z][a-z-]*$")]
    private static partial Regex Word();
}
