using Omk.Processes;

namespace Omk.Gates;

/// <summary>
/// Refuses a gate that uses binaries without building them (<c>dotnet test --no-build</c>, <c>run</c>,
/// <c>pack</c>, <c>publish</c> with <c>--no-build</c>, <c>dotnet vstest</c>) beside a gate that builds the
/// same solution or project (<c>dotnet build</c>, <c>dotnet msbuild</c>) unless it is ordered after that gate:
/// otherwise it could run first, or at the same time under <c>--parallel</c>, on stale binaries and pass.
/// </summary>
internal static class StaleBinaryCheck
{
    private static readonly string[] Consumers = ["test", "run", "pack", "publish"];
    private static readonly string[] ProjectExtensions = [".sln", ".slnx", ".slnf", ".csproj", ".fsproj", ".vbproj", ".proj"];

    public static void Check(IReadOnlyList<GateDefinition> gates, IReadOnlyDictionary<string, GateDefinition> byName)
    {
        foreach (var consumer in gates)
        {
            var uses = Invocations(consumer).Where(UsesPrebuiltBinaries).ToList();
            if (uses.Count == 0)
            {
                continue;
            }

            foreach (var builder in gates.Where(g => g.Name != consumer.Name && !g.Skip && !consumer.Skip))
            {
                var builds = Invocations(builder).Where(i => i.Verb is "build" or "msbuild").ToList();
                var overlap = Overlap(uses, consumer, builds, builder);
                if (overlap is null || DependsOn(consumer, builder.Name, byName, []))
                {
                    continue;
                }

                throw new GateConfigurationException(
                    $"Gate '{consumer.Name}'{At(consumer)} runs 'dotnet {overlap.Verb}' without building (--no-build) but is not ordered after gate " +
                    $"'{builder.Name}'{At(builder)}, which builds the same code: it could run first, or beside it with --parallel, on stale binaries. " +
                    $"Order it: --after {consumer.Name}:{builder.Name} (in a gate script: dependsOn \"{builder.Name}\").");
            }
        }
    }

    // The first use that one of the builds builds for. Plain loops: pairs of invocations through LINQ are generic code over a
    // tuple that ReadyToRun leaves to the JIT, on the path of every gate listing.
    private static Invocation? Overlap(List<Invocation> uses, GateDefinition consumer, List<Invocation> builds, GateDefinition builder)
    {
        foreach (var use in uses)
        {
            foreach (var build in builds)
            {
                if (SameTarget(use, consumer, build, builder))
                {
                    return use;
                }
            }
        }

        return null;
    }

    private static bool UsesPrebuiltBinaries(Invocation i) =>
        i.Verb == "vstest" || (Consumers.Contains(i.Verb) && i.Arguments.Contains("--no-build"));

    private static bool DependsOn(GateDefinition gate, string name, IReadOnlyDictionary<string, GateDefinition> byName, HashSet<string> seen)
    {
        foreach (var dependency in gate.DependsOn)
        {
            if (dependency == name
                || (seen.Add(dependency) && byName.TryGetValue(dependency, out var next) && DependsOn(next, name, byName, seen)))
            {
                return true;
            }
        }

        return false;
    }

    // Two invocations build and use the same code unless both name a project or solution and they differ.
    private static bool SameTarget(Invocation use, GateDefinition consumer, Invocation build, GateDefinition builder)
    {
        if (use.Target is null || build.Target is null)
        {
            return true;
        }

        return string.Equals(FullPath(use.Target, consumer), FullPath(build.Target, builder), StringComparison.Ordinal);
    }

    private static string FullPath(string target, GateDefinition gate) =>
        Path.GetFullPath(Path.Combine("/repo", gate.WorkingDirectory ?? string.Empty, target));

    private static IEnumerable<Invocation> Invocations(GateDefinition gate)
    {
        if (gate.Command is not { } command)
        {
            yield break;
        }

        var segments = command.IsShell
            ? command.ShellScript!.Split([';', '&', '|', '\n', '(', ')'], StringSplitOptions.RemoveEmptyEntries)
                .Select(s => s.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries).Select(t => t.Trim('"', '\'')).ToList())
            : [[command.Program, .. command.Arguments]];
        foreach (var tokens in segments)
        {
            for (var i = 0; i + 1 < tokens.Count; i++)
            {
                if (Path.GetFileNameWithoutExtension(tokens[i]) == "dotnet")
                {
                    var arguments = tokens.Skip(i + 2).ToList();
                    var target = arguments.FirstOrDefault(a => ProjectExtensions.Any(e => a.EndsWith(e, StringComparison.OrdinalIgnoreCase)));
                    yield return new Invocation(tokens[i + 1], arguments, target);
                    break;
                }
            }
        }
    }

    private static string At(GateDefinition gate) => gate.Source is null ? string.Empty : $" ({gate.Source.File}:{gate.Source.Line})";

    private sealed record Invocation(string Verb, IReadOnlyList<string> Arguments, string? Target);
}
