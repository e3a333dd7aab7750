using System.Text.RegularExpressions;
using Omk.GitHubAction.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace Omk.GitHubAction.Tests;

/// <summary>
/// The workflows in README.md and docs/*.md parse as YAML, and every step that uses this action passes only inputs
/// action.yml declares and reads only outputs it declares (<c>steps.ID.outputs.NAME</c> of a step that uses it).
/// </summary>
public sealed partial class DocsWorkflowTests
{
    [Fact]
    public void Every_documented_workflow_parses_and_uses_only_the_actions_inputs_and_outputs()
    {
        var action = ActionYaml.Load();
        var inputs = ActionYaml.Keys(action.Inputs).ToHashSet(StringComparer.Ordinal);
        var outputs = ActionYaml.Keys(action.Outputs).ToHashSet(StringComparer.Ordinal);
        var problems = new List<string>();
        var ourSteps = 0;
        foreach (var (file, index, yaml) in Blocks())
        {
            var where = $"{file} (yaml block {index + 1})";
            var stream = new YamlStream();
            try
            {
                stream.Load(new StringReader(yaml));
            }
            catch (YamlDotNet.Core.YamlException ex)
            {
                problems.Add($"{where}: not YAML: {ex.Message}");
                continue;
            }

            var ours = new HashSet<string>(StringComparer.Ordinal);
            foreach (var step in stream.Documents.SelectMany(d => Steps(d.RootNode)))
            {
                if (ActionYaml.Scalar(step, "uses") is not { } uses || !IsThisAction(uses))
                {
                    continue;
                }

                ourSteps++;
                if (ActionYaml.Scalar(step, "id") is { } id)
                {
                    ours.Add(id);
                }

                if (step.Children.TryGetValue(new YamlScalarNode("with"), out var with) && with is YamlMappingNode map)
                {
                    problems.AddRange(ActionYaml.Keys(map).Where(k => !inputs.Contains(k)).Select(k => $"{where}: input '{k}' is not in action.yml"));
                }
            }

            foreach (Match m in StepOutput().Matches(yaml))
            {
                if (ours.Contains(m.Groups["id"].Value) && !outputs.Contains(m.Groups["name"].Value))
                {
                    problems.Add($"{where}: output '{m.Groups["name"].Value}' of step '{m.Groups["id"].Value}' is not in action.yml");
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
        Assert.True(ourSteps >= 5, $"only {ourSteps} documented step(s) use the action");
    }

    private static bool IsThisAction(string uses) => uses.StartsWith("OWNER/omk@", StringComparison.Ordinal) || uses is "./" or ".";

    private static IEnumerable<(string File, int Index, string Yaml)> Blocks()
    {
        var root = ActionProgramLocation.RepoRoot;
        foreach (var path in Directory.GetFiles(Path.Combine(root, "docs"), "*.md").Append(Path.Combine(root, "README.md")).Order(StringComparer.Ordinal))
        {
            var index = 0;
            foreach (Match m in YamlBlock().Matches(File.ReadAllText(path)))
            {
                yield return (Path.GetRelativePath(root, path), index++, m.Groups["yaml"].Value);
            }
        }
    }

    // Steps wherever they are: jobs.*.steps, or a fragment that is itself a list of steps.
    private static IEnumerable<YamlMappingNode> Steps(YamlNode node) => node switch
    {
        YamlMappingNode map => (map.Children.TryGetValue(new YamlScalarNode("uses"), out _) ? [map] : Enumerable.Empty<YamlMappingNode>())
            .Concat(map.Children.Values.SelectMany(Steps)),
        YamlSequenceNode list => list.Children.SelectMany(Steps),
        _ => [],
    };

    [GeneratedRegex(@"```yaml\n(?<yaml>.*?)```", RegexOptions.Singleline)]
    private static partial Regex YamlBlock();

    [GeneratedRegex(@"steps\.(?<id>[A-Za-z0-9_-]+)\.outputs\.(?<name>[A-Za-z0-9_-]+)")]
    private static partial Regex StepOutput();
}
