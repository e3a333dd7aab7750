namespace Omk.Gates;

/// <summary>The gates of a run, in declaration order, and where they came from.</summary>
public sealed record GateSet(IReadOnlyList<GateDefinition> Gates, string Origin)
{
    /// <summary>Set when a filter selected a subset of the declared gates: the run is then <c>partial</c> at best.</summary>
    public Events.Payloads.GateSelectionPayload? Selection { get; init; }

    /// <summary>Set for one shard of a sharded run (<c>--shard I/N</c>): recorded in <c>run_started</c>.</summary>
    public Events.Payloads.ShardPayload? Shard { get; init; }

    /// <summary>Set by incremental selection (<c>--affected</c>): every project, whether the change reaches it, and the gates skipped.</summary>
    public Events.Payloads.AffectedSelectionPayload? Affected { get; init; }

    public static GateSet Empty(string origin) => new([], origin);

    /// <summary>The same gates with the named ones allowed to fail; an unknown name is a configuration error.</summary>
    public GateSet AllowingFailureOf(IReadOnlyCollection<string> names)
    {
        foreach (var name in names)
        {
            if (!Gates.Any(g => g.Name == name))
            {
                throw new GateConfigurationException(
                    $"--allow-fail '{name}' names no gate; the gates are: {(Gates.Count == 0 ? "(none)" : string.Join(", ", Gates.Select(g => g.Name)))}.");
            }
        }

        return names.Count == 0 ? this : this with { Gates = Gates.Select(g => names.Contains(g.Name) ? g with { AllowFail = true } : g).ToList() };
    }

    /// <summary>
    /// The same gates with <c>--after GATE:DEPENDENCY[,DEPENDENCY...]</c> orderings added to their dependencies;
    /// a malformed ordering or an unknown name is a configuration error.
    /// </summary>
    public GateSet OrderedBy(IReadOnlyList<string> orderings)
    {
        var added = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var ordering in orderings)
        {
            var colon = ordering.IndexOf(':', StringComparison.Ordinal);
            var gate = colon < 0 ? string.Empty : ordering[..colon].Trim();
            var dependencies = colon < 0 ? [] : ordering[(colon + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (gate.Length == 0 || dependencies.Length == 0)
            {
                throw new GateConfigurationException($"--after '{ordering}': expected GATE:DEPENDENCY[,DEPENDENCY...], e.g. --after test:build.");
            }

            foreach (var name in dependencies.Prepend(gate).Where(n => !Gates.Any(g => g.Name == n)))
            {
                throw new GateConfigurationException(
                    $"--after '{ordering}': '{name}' names no gate; the gates are: {(Gates.Count == 0 ? "(none)" : string.Join(", ", Gates.Select(g => g.Name)))}.");
            }

            if (!added.TryGetValue(gate, out var list))
            {
                added[gate] = list = [];
            }

            list.AddRange(dependencies);
        }

        return added.Count == 0 ? this : this with
        {
            Gates = Gates.Select(g => added.TryGetValue(g.Name, out var more) ? g with { DependsOn = g.DependsOn.Concat(more).Distinct(StringComparer.Ordinal).ToList() } : g).ToList(),
        };
    }

    /// <summary>
    /// Checks names are unique and non-empty, dependencies exist, there is no cycle, and no gate that uses prebuilt
    /// binaries can run before (or beside) the gate that builds them.
    /// </summary>
    public GateSet Validate()
    {
        var byName = new Dictionary<string, GateDefinition>(StringComparer.Ordinal);
        foreach (var gate in Gates)
        {
            if (string.IsNullOrWhiteSpace(gate.Name))
            {
                throw new GateConfigurationException($"A gate has an empty name{At(gate)}.");
            }

            if (!byName.TryAdd(gate.Name, gate))
            {
                var first = byName[gate.Name];
                throw new GateConfigurationException(
                    $"Gate name '{gate.Name}' is declared twice{At(first)}{(gate.Source is null ? string.Empty : " and" + At(gate))}.");
            }

            if (gate.Command is null == gate.Code is null)
            {
                throw new GateConfigurationException($"Gate '{gate.Name}'{At(gate)} needs exactly one of a command or code.");
            }

            if (gate.Timeout is { } t && t <= TimeSpan.Zero)
            {
                throw new GateConfigurationException($"Gate '{gate.Name}'{At(gate)} has a timeout that is not positive.");
            }
        }

        foreach (var gate in Gates)
        {
            foreach (var dependency in gate.DependsOn)
            {
                if (!byName.ContainsKey(dependency))
                {
                    throw new GateConfigurationException($"Gate '{gate.Name}'{At(gate)} depends on '{dependency}', which is not a gate.");
                }
            }
        }

        var state = new Dictionary<string, int>(StringComparer.Ordinal); // 1 visiting, 2 done
        foreach (var gate in Gates)
        {
            Visit(gate, []);
        }

        StaleBinaryCheck.Check(Gates, byName);
        return this;

        void Visit(GateDefinition gate, List<string> path)
        {
            if (state.TryGetValue(gate.Name, out var s))
            {
                if (s == 1)
                {
                    var cycle = path.SkipWhile(n => n != gate.Name).Append(gate.Name);
                    throw new GateConfigurationException($"Gate dependencies form a cycle: {string.Join(" -> ", cycle)}.");
                }

                return;
            }

            state[gate.Name] = 1;
            path.Add(gate.Name);
            foreach (var dependency in gate.DependsOn)
            {
                Visit(byName[dependency], path);
            }

            path.RemoveAt(path.Count - 1);
            state[gate.Name] = 2;
        }
    }

    private static string At(GateDefinition gate) => gate.Source is null ? string.Empty : $" at {gate.Source}";
}
