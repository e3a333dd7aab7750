using Omk.Events.Payloads;

namespace Omk.Affected;

/// <summary>
/// Which projects of a <see cref="ProjectGraph"/> a change reaches, as dotnet-affected decides it, each with its reason:
/// <list type="bullet">
/// <item>a changed project file, or a changed file in a project's folder (the deepest project folder holding it), or a
/// file a project uses from outside its folder, changes that project;</item>
/// <item>a changed <c>Directory.Build.props</c>/<c>.targets</c>/<c>.rsp</c>, <c>Directory.Packages.props</c>,
/// <c>global.json</c>, <c>nuget.config</c>, <c>.editorconfig</c> or <c>*.globalconfig</c> changes every project below
/// its folder (MSBuild, NuGet and the SDK find them by walking up);</item>
/// <item>any other changed <c>.props</c> or <c>.targets</c> file changes every project (any project may import it);</item>
/// <item>a project MSBuild could not evaluate (its references and imports are unknown) is affected;</item>
/// <item>a project that references a changed project, directly or transitively, is affected too.</item>
/// </list>
/// Any other file (docs, a solution file, scripts outside every project) reaches no project.
/// </summary>
public static class AffectedProjects
{
    private static readonly string[] FolderWideFiles =
    [
        "directory.build.props", "directory.build.targets", "directory.build.rsp", "directory.packages.props",
        "global.json", "nuget.config", ".editorconfig",
    ];

    public static IReadOnlyList<AffectedProjectPayload> Compute(ProjectGraph graph, IReadOnlyCollection<string> changedFiles)
    {
        var reasons = graph.Projects.ToDictionary(p => p, _ => new List<string>(), StringComparer.Ordinal);
        var byFolder = graph.Projects.GroupBy(ProjectGraphReader.Folder, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var users = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (project, files) in graph.OutsideFiles)
        {
            foreach (var file in files)
            {
                (users.TryGetValue(file, out var list) ? list : users[file] = []).Add(project);
            }
        }

        foreach (var (project, error) in graph.Unevaluated)
        {
            reasons[project].Add($"counted as affected: {error}");
        }

        foreach (var file in changedFiles.Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(file).ToLowerInvariant();
            var folder = ProjectGraphReader.Folder(file);
            if (reasons.TryGetValue(file, out var own))
            {
                own.Add("changed: " + file);
            }
            else if (FolderWideFiles.Contains(name) || name.EndsWith(".globalconfig", StringComparison.Ordinal))
            {
                var below = folder.Length == 0 ? "the repository" : folder + "/";
                foreach (var project in graph.Projects.Where(p => ProjectGraphReader.IsUnder(p, folder)))
                {
                    reasons[project].Add($"{file} changed (applies to every project in {below})");
                }
            }
            else if (name.EndsWith(".props", StringComparison.Ordinal) || name.EndsWith(".targets", StringComparison.Ordinal))
            {
                foreach (var project in graph.Projects)
                {
                    reasons[project].Add($"{file} changed (a build file any project may import)");
                }
            }
            else if (Owner(file, byFolder) is { } owners)
            {
                foreach (var project in owners)
                {
                    reasons[project].Add("changed: " + file);
                }
            }

            foreach (var project in users.GetValueOrDefault(file) ?? [])
            {
                reasons[project].Add("uses changed file " + file);
            }
        }

        // Whatever references an affected project is affected: breadth first, so the reason names the nearest cause.
        var dependents = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (project, references) in graph.References)
        {
            foreach (var reference in references)
            {
                (dependents.TryGetValue(reference, out var list) ? list : dependents[reference] = []).Add(project);
            }
        }

        var why = reasons.Where(r => r.Value.Count > 0).ToDictionary(r => r.Key, r => Describe(r.Value), StringComparer.Ordinal);
        var queue = new Queue<string>(why.Keys.Order(StringComparer.Ordinal));
        while (queue.TryDequeue(out var project))
        {
            foreach (var dependent in (dependents.GetValueOrDefault(project) ?? []).Order(StringComparer.Ordinal))
            {
                if (why.TryAdd(dependent, $"references {project} (affected)"))
                {
                    queue.Enqueue(dependent);
                }
            }
        }

        return graph.Projects
            .Select(p => why.TryGetValue(p, out var reason)
                ? new AffectedProjectPayload(p, true, reason)
                : new AffectedProjectPayload(p, false, "no changed file reaches it"))
            .ToList();
    }

    // The projects whose folder is the deepest one holding the file (several projects may share a folder).
    private static List<string>? Owner(string file, Dictionary<string, List<string>> byFolder)
    {
        for (var folder = ProjectGraphReader.Folder(file); ; folder = ProjectGraphReader.Folder(folder))
        {
            if (byFolder.TryGetValue(folder, out var projects))
            {
                return projects;
            }

            if (folder.Length == 0)
            {
                return null;
            }
        }
    }

    private static string Describe(List<string> reasons) =>
        reasons.Count == 1 ? reasons[0] : $"{reasons[0]} (and {reasons.Count - 1} more change(s))";
}
