using YamlDotNet.RepresentationModel;

namespace Omk.GitHubAction.Tests.Support;

/// <summary>action.yml read as YAML: inputs, outputs and the composite steps.</summary>
public sealed class ActionYaml
{
    private ActionYaml(YamlMappingNode root) => Root = root;

    public static string Path => System.IO.Path.Combine(ActionProgramLocation.RepoRoot, "action.yml");

    public YamlMappingNode Root { get; }

    public YamlMappingNode Inputs => (YamlMappingNode)Root["inputs"];

    public YamlMappingNode Outputs => (YamlMappingNode)Root["outputs"];

    public YamlMappingNode Runs => (YamlMappingNode)Root["runs"];

    public IReadOnlyList<YamlMappingNode> Steps => ((YamlSequenceNode)Runs["steps"]).Children.Cast<YamlMappingNode>().ToList();

    public static ActionYaml Load()
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(Path);
        stream.Load(reader);
        return new ActionYaml((YamlMappingNode)stream.Documents.Single().RootNode);
    }

    public static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? ((YamlScalarNode)value).Value : null;

    public static IReadOnlyDictionary<string, string> Map(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value)
            ? ((YamlMappingNode)value).Children.ToDictionary(p => ((YamlScalarNode)p.Key).Value!, p => ((YamlScalarNode)p.Value).Value ?? string.Empty)
            : new Dictionary<string, string>();

    public static IReadOnlyList<string> Keys(YamlMappingNode node) => node.Children.Keys.Select(k => ((YamlScalarNode)k).Value!).ToList();
}
