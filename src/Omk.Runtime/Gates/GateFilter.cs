using System.Text.RegularExpressions;

namespace Omk.Gates;

/// <summary>
/// Selects gates by name or tag: comma- or semicolon-separated patterns, <c>*</c> and <c>?</c> wildcards on names,
/// <c>tag:NAME</c> for tags. The gates the selected ones depend on are kept too, so they can run.
/// </summary>
public static class GateFilter
{
    public static GateSet Apply(GateSet set, string? filter)
    {
        if (string.IsNullOrWhiteSpace(filter))
        {
            return set;
        }

        var patterns = filter.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var byName = set.Gates.ToDictionary(g => g.Name, StringComparer.Ordinal);
        var selected = new HashSet<string>(StringComparer.Ordinal);
        foreach (var pattern in patterns)
        {
            var matches = set.Gates.Where(g => Matches(g, pattern)).ToList();
            if (matches.Count == 0)
            {
                throw new GateConfigurationException(
                    $"gate filter '{pattern}' matches no gate; the gates are: {(set.Gates.Count == 0 ? "(none)" : string.Join(", ", set.Gates.Select(g => g.Name)))}.");
            }

            foreach (var gate in matches)
            {
                Include(gate);
            }
        }

        var kept = set.Gates.Where(g => selected.Contains(g.Name)).ToList();
        var left = set.Gates.Where(g => !selected.Contains(g.Name)).Select(g => g.Name).ToList();
        return set with
        {
            Gates = kept,
            Origin = $"{set.Origin}, filtered by '{filter}'",
            Selection = left.Count == 0 ? null : new Events.Payloads.GateSelectionPayload(filter.Trim(), kept.Select(g => g.Name).ToList(), left),
        };

        void Include(GateDefinition gate)
        {
            if (!selected.Add(gate.Name))
            {
                return;
            }

            foreach (var dependency in gate.DependsOn)
            {
                if (byName.TryGetValue(dependency, out var d))
                {
                    Include(d);
                }
            }
        }
    }

    private static bool Matches(GateDefinition gate, string pattern)
    {
        if (pattern.StartsWith("tag:", StringComparison.OrdinalIgnoreCase))
        {
            var tag = pattern[4..];
            return gate.Tags.Any(t => string.Equals(t, tag, StringComparison.OrdinalIgnoreCase));
        }

        var regex = "^" + Regex.Escape(pattern).Replace("\\*", ".*", StringComparison.Ordinal).Replace("\\?", ".", StringComparison.Ordinal) + "$";
        return Regex.IsMatch(gate.Name, regex, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }
}
