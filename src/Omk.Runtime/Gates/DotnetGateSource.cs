using Omk.Processes;

namespace Omk.Gates;

/// <summary>
/// The default gates of a .NET repository: <c>build</c> (<c>dotnet build</c>) and, when the solution holds a
/// test project, <c>test</c> (<c>dotnet test --no-build</c>, after build), on the solution or project given
/// (<c>--solution</c>; through MSBuild, the one MSBuild was given) or else found by <see cref="DotnetTargetSearch"/>.
/// When the search finds several candidates, the set is empty and its origin says which and how to choose.
/// Their timeout is the run's (<c>--timeout</c>, else the default).
/// </summary>
/// <remarks>
/// With <paramref name="perProjectTests"/> (incremental selection, <c>--affected</c>) the <c>test</c> gate is one gate per
/// test project, <c>test:NAME</c> (<c>dotnet test PROJECT --no-build</c>, after build, declared for that project), so
/// that the test projects the change does not reach are skipped as unaffected.
/// </remarks>
public sealed class DotnetGateSource(string? solution = null, bool perProjectTests = false) : IGateSource
{
    public Task<GateSet?> LoadAsync(GateSourceContext context, CancellationToken cancellationToken)
    {
        var root = context.RepoRoot;
        string target;
        if (solution is not null)
        {
            var full = Path.GetFullPath(Path.Combine(root, solution));
            if (!File.Exists(full))
            {
                throw new GateConfigurationException($"--solution '{solution}': no such file ({full}).");
            }

            target = Path.GetRelativePath(root, full).Replace('\\', '/');
        }
        else
        {
            var search = DotnetTargetSearch.Find(root);
            if (search.Candidates.Count > 1)
            {
                return Task.FromResult<GateSet?>(GateSet.Empty(
                    $"none: several .NET solutions or projects and none at the repository root ({string.Join(", ", search.Candidates)}); " +
                    "choose one with --solution PATH (MSBuild: build that solution with -t:OmkProof, or -p:OmkSolution=PATH) or declare gates in gates/*.fsx"));
            }

            if (search.Candidates.Count == 0)
            {
                return Task.FromResult<GateSet?>(null);
            }

            target = search.Candidates[0];
        }

        var isSolution = DotnetTargetSearch.IsSolution(target);
        var gates = new List<GateDefinition>
        {
            new()
            {
                Name = "build",
                Command = new ProcessCommand("dotnet", ["build", target, "--nologo"]),
                Tags = ["build"],
            },
        };
        var testProjects = perProjectTests ? DotnetTargetSearch.TestProjects(root, target) : [];
        var hasTests = testProjects.Count > 0 || DotnetTargetSearch.HasTestProject(root, target);
        if (testProjects.Count > 0)
        {
            var names = testProjects.Select(p => Path.GetFileNameWithoutExtension(p)).ToList();
            gates.AddRange(testProjects.Select((project, i) => new GateDefinition
            {
                Name = "test:" + (names.Count(n => n == names[i]) > 1 ? project : names[i]),
                Command = new ProcessCommand("dotnet", ["test", project, "--nologo", "--no-build"]),
                Tags = ["tests"],
                DependsOn = ["build"],
                Project = project,
            }));
        }
        else if (hasTests)
        {
            gates.Add(new GateDefinition
            {
                Name = "test",
                Command = new ProcessCommand("dotnet", ["test", target, "--nologo", "--no-build"]),
                Tags = ["tests"],
                DependsOn = ["build"],
            });
        }

        var perProject = testProjects.Count > 0 ? $", one test gate per test project ({testProjects.Count})" : string.Empty;
        var origin = $"auto-detected: .NET {(isSolution ? "solution" : "project")} {target}{perProject}{(hasTests ? string.Empty : " (no test project found, so no test gate)")}";
        return Task.FromResult<GateSet?>(new GateSet(gates, origin));
    }

    /// <summary>The solution (or, without one, the project) auto-detection picks under the root; null when none or several.</summary>
    public static string? FindTarget(string root) => DotnetTargetSearch.Find(root).Candidates is [var single] ? single : null;
}
