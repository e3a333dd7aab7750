using System.Text.RegularExpressions;

namespace Omk.Agents.Approvals;

/// <summary>
/// Decides which tool uses an agent may make without asking: <c>never</c> (ask for everything), <c>safe</c>
/// (read-only tools approved, the rest asked), <c>yolo</c> (everything approved, each logged) and
/// <c>pattern:REGEX</c> (approved when the regex matches "tool action description", the rest asked).
/// </summary>
public sealed record ApprovalPolicy(string Name, Regex? Pattern = null)
{
    /// <summary>Read-only tools: the 2.x names and the 1.x (Wire) names.</summary>
    public static IReadOnlySet<string> ReadOnlyTools { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "Read", "Glob", "Grep", "ReadFile", "SearchWeb", "FetchURL", "ReadMediaFile", "WebSearch", "WebFetch",
    };

    public static ApprovalPolicy Never { get; } = new("never");

    public static ApprovalPolicy Safe { get; } = new("safe");

    public static ApprovalPolicy Yolo { get; } = new("yolo");

    /// <summary>Parses <c>never|safe|yolo|pattern:REGEX</c>; anything else is a <see cref="FormatException"/> naming it.</summary>
    public static ApprovalPolicy Parse(string text)
    {
        switch (text.Trim().ToLowerInvariant())
        {
            case "never": return Never;
            case "safe": return Safe;
            case "yolo": return Yolo;
        }

        if (text.StartsWith("pattern:", StringComparison.OrdinalIgnoreCase))
        {
            var pattern = text["pattern:".Length..];
            try
            {
                return new ApprovalPolicy("pattern", new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)));
            }
            catch (ArgumentException ex)
            {
                throw new FormatException($"approval policy '{text}': the regex is not valid ({ex.Message}).", ex);
            }
        }

        throw new FormatException($"approval policy '{text}' is not one of never, safe, yolo, pattern:REGEX.");
    }

    /// <summary>True when the request is approved without asking anyone.</summary>
    public bool Approves(ApprovalRequest request) => Name switch
    {
        "yolo" => true,
        "safe" => ReadOnlyTools.Contains(request.Tool),
        "pattern" => Pattern!.IsMatch(string.Join(' ', new[] { request.Tool, request.Action, request.Description }.Where(s => !string.IsNullOrEmpty(s)))),
        _ => false,
    };

    public override string ToString() => Pattern is null ? Name : $"pattern:{Pattern}";
}
