using System.Text.RegularExpressions;

namespace Omk.Goals;

/// <summary>Finds the one fenced json block of an agent's answer (a bare JSON object when it wrote no fence).</summary>
public static partial class FencedJson
{
    /// <summary>The block's text, or null with why there is none.</summary>
    public static (string? Json, string? Problem) Extract(string answer)
    {
        var blocks = Fence().Matches(answer);
        if (blocks.Count == 1)
        {
            return (blocks[0].Groups[1].Value.Trim(), null);
        }

        if (blocks.Count > 1)
        {
            return (null, $"the answer has {blocks.Count} fenced json blocks; answer exactly one");
        }

        var trimmed = answer.Trim();
        return trimmed.StartsWith('{') && trimmed.EndsWith('}')
            ? (trimmed, null)
            : (null, "the answer has no fenced json block (```json … ```)");
    }

    [GeneratedRegex(@"```(?:json|JSON)?[ \t]*\r?\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex Fence();
}
