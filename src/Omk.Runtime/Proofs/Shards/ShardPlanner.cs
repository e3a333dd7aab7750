using System.Globalization;
using Omk.Events.Payloads;
using Omk.Gates;

namespace Omk.Proofs.Shards;

/// <summary>
/// Splits a declared gate set into N deterministic shares. A gate and everything it depends on (transitively, and
/// whatever depends on them) form one group that is never split. Groups are weighed by their gates' last recorded
/// durations (a gate without one weighs the median of those known, or 1 when nothing is known) and dealt longest
/// first to the least loaded shard; ties go by name, so without history the split is stable by name. Every job of
/// a matrix computes the same plan from the same gates and the same history.
/// </summary>
public static class ShardPlanner
{
    public static ShardPlan Plan(GateSet gates, int total, IReadOnlyDictionary<string, long> durations)
    {
        ArgumentNullException.ThrowIfNull(gates);
        ArgumentNullException.ThrowIfNull(durations);
        ArgumentOutOfRangeException.ThrowIfLessThan(total, 1);
        var names = gates.Gates.Select(g => g.Name).ToList();
        var known = names.Where(durations.ContainsKey).Select(n => Math.Max(0, durations[n])).Order().ToList();
        var fallback = known.Count == 0 ? 1 : Math.Max(1, known[known.Count / 2]);
        long Weight(string name) => durations.TryGetValue(name, out var ms) ? Math.Max(0, ms) : fallback;

        var groups = Groups(gates)
            .Select(g => (Gates: g, Weight: g.Sum(Weight), Name: g.Min(StringComparer.Ordinal)!))
            .OrderByDescending(g => g.Weight)
            .ThenBy(g => g.Name, StringComparer.Ordinal)
            .ToList();
        var loads = new long[total];
        var members = Enumerable.Range(0, total).Select(_ => new HashSet<string>(StringComparer.Ordinal)).ToArray();
        foreach (var group in groups)
        {
            var least = 0;
            for (var i = 1; i < total; i++)
            {
                if (loads[i] < loads[least])
                {
                    least = i;
                }
            }

            loads[least] += group.Weight;
            members[least].UnionWith(group.Gates);
        }

        var shards = members.Select(m => (IReadOnlyList<string>)names.Where(m.Contains).ToList()).ToList();
        var balancedBy = known.Count == 0
            ? "gate names (no recorded durations)"
            : string.Create(CultureInfo.InvariantCulture, $"recorded durations of {known.Count} of {names.Count} gate(s)");
        return new ShardPlan(shards, loads, balancedBy);
    }

    /// <summary>The gates of one shard, as a gate set whose selection and shard record make its run a partial proof.</summary>
    public static GateSet Select(GateSet gates, ShardSpec shard, IReadOnlyDictionary<string, long> durations)
    {
        ArgumentNullException.ThrowIfNull(gates);
        ArgumentNullException.ThrowIfNull(shard);
        gates.Validate();
        var plan = Plan(gates, shard.Total, durations);
        var mine = plan.Shards[shard.Index - 1].ToHashSet(StringComparer.Ordinal);
        var kept = gates.Gates.Where(g => mine.Contains(g.Name)).ToList();
        var left = gates.Gates.Where(g => !mine.Contains(g.Name)).Select(g => g.Name).ToList();
        var all = gates.Gates.Select(g => g.Name).ToList();
        return gates with
        {
            Gates = kept,
            Origin = $"{gates.Origin}, shard {shard} balanced by {plan.BalancedBy}",
            Selection = new GateSelectionPayload($"shard {shard}", kept.Select(g => g.Name).ToList(), left),
            Shard = new ShardPayload(shard.Index, shard.Total, GateSetHash.Compute(gates), all, plan.BalancedBy),
        };
    }

    // Connected groups of the dependency graph, each in declaration order.
    private static List<List<string>> Groups(GateSet gates)
    {
        var parent = gates.Gates.ToDictionary(g => g.Name, g => g.Name, StringComparer.Ordinal);
        string Root(string name)
        {
            while (parent[name] != name)
            {
                parent[name] = parent[parent[name]];
                name = parent[name];
            }

            return name;
        }

        foreach (var gate in gates.Gates)
        {
            foreach (var dependency in gate.DependsOn.Where(parent.ContainsKey))
            {
                var (a, b) = (Root(gate.Name), Root(dependency));
                if (a != b)
                {
                    parent[a] = b;
                }
            }
        }

        return gates.Gates.GroupBy(g => Root(g.Name), StringComparer.Ordinal).Select(g => g.Select(x => x.Name).ToList()).ToList();
    }
}
