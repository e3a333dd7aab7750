using System.Diagnostics;
using System.Globalization;
using Omk.Processes;

namespace Omk.Affected;

/// <summary>
/// Reads the <see cref="ProjectGraph"/> with MSBuild itself, in one <c>dotnet msbuild</c> process: the projects git knows
/// (tracked and untracked, not ignored) are evaluated by a traversal project that asks each for its evaluated
/// <c>ProjectReference</c> and file items through a target injected with <c>CustomAfterMicrosoftCommonTargets</c>.
/// Nothing is restored or built; a project that does not evaluate is listed in <see cref="ProjectGraph.Unevaluated"/>
/// with its error, and the others are read all the same. Measured against one <c>dotnet msbuild -getItem</c> per project and against reading the
/// project files as XML (which misses conditions, properties and <c>Directory.Build.props</c>): see docs/performance.md.
/// </summary>
public sealed class ProjectGraphReader(ProcessRunner processes)
{
    private const string InputsTargets = """
        <Project>
          <Target Name="OmkProjectInputs" Returns="@(_OmkInput)">
            <ItemGroup>
              <_OmkInput Include="$(MSBuildProjectFullPath)" OmkKind="project" OmkProject="$(MSBuildProjectFullPath)" />
              <_OmkInput Include="@(ProjectReference->'%(FullPath)')" OmkKind="reference" OmkProject="$(MSBuildProjectFullPath)" />
              <_OmkInput Include="@(Compile->'%(FullPath)');@(EmbeddedResource->'%(FullPath)');@(None->'%(FullPath)');@(Content->'%(FullPath)');@(AdditionalFiles->'%(FullPath)')" OmkKind="file" OmkProject="$(MSBuildProjectFullPath)" />
            </ItemGroup>
          </Target>
        </Project>
        """;

    private const string Traversal = """
        <Project>
          <Target Name="Collect">
            <ReadLinesFromFile File="$(OmkProjectList)"><Output TaskParameter="Lines" ItemName="_OmkProject" /></ReadLinesFromFile>
            <MSBuild Projects="@(_OmkProject)" Targets="OmkProjectInputs" ContinueOnError="WarnAndContinue" Properties="CustomAfterMicrosoftCommonTargets=$(OmkTargets);CustomAfterMicrosoftCommonCrossTargetingTargets=$(OmkTargets)">
              <Output TaskParameter="TargetOutputs" ItemName="_OmkInput" />
            </MSBuild>
            <WriteLinesToFile File="$(OmkOutput)" Lines="@(_OmkInput->'%(OmkKind)|%(OmkProject)|%(Identity)')" Overwrite="true" />
          </Target>
        </Project>
        """;

    /// <summary>The dotnet host that runs MSBuild (default <c>dotnet</c> on PATH).</summary>
    public string Dotnet { get; init; } = "dotnet";

    /// <summary>How long the evaluation may take before it is stopped (and the graph counts as unreadable).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(5);

    public async Task<ProjectGraph> ReadAsync(string repoRoot, CancellationToken cancellationToken)
    {
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(repoRoot));
        var projects = await ListProjectsAsync(root, cancellationToken).ConfigureAwait(false);
        if (projects.Count == 0)
        {
            return ProjectGraph.Empty;
        }

        var work = Path.Combine(Path.GetTempPath(), "omk-graph-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        try
        {
            var watch = Stopwatch.StartNew();
            File.WriteAllText(Path.Combine(work, "inputs.targets"), InputsTargets);
            File.WriteAllText(Path.Combine(work, "graph.proj"), Traversal);
            File.WriteAllLines(Path.Combine(work, "projects.txt"), projects.Select(p => Path.Combine(root, p)));
            var output = Path.Combine(work, "inputs.txt");
            var result = await processes.RunAsync(
                new ProcessSpec(
                    new ProcessCommand(Dotnet, [
                        "msbuild", Path.Combine(work, "graph.proj"), "-t:Collect", "-nologo", "-v:q", "-nr:false", "-m:1",
                        "-p:OmkProjectList=" + Path.Combine(work, "projects.txt"),
                        "-p:OmkTargets=" + Path.Combine(work, "inputs.targets"),
                        "-p:OmkOutput=" + output,
                    ]),
                    root)
                {
                    Timeout = Timeout,
                    Environment = new Dictionary<string, string?>
                    {
                        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
                        ["DOTNET_NOLOGO"] = "1",
                        ["MSBUILDDISABLENODEREUSE"] = "1",
                    },
                },
                cancellationToken).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            if (result.StartError is { } start)
            {
                throw new ProjectGraphException("dotnet could not be started to evaluate the projects: " + start);
            }

            // A project that does not evaluate fails the process but not the others: it has no line, and counts as affected.
            if (result.TimedOut || !File.Exists(output))
            {
                var why = result.TimedOut ? $"timed out after {Timeout.TotalSeconds:0} s" : FirstError(result);
                throw new ProjectGraphException($"the projects did not evaluate ({why})");
            }

            var how = string.Create(CultureInfo.InvariantCulture, $"msbuild evaluation of {projects.Count} project(s) in {watch.Elapsed.TotalSeconds:0.0} s");
            var graph = Parse(root, projects, File.ReadAllLines(output), how);
            var errors = (result.StdoutTail + "\n" + result.StderrTail).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return graph with
            {
                Unevaluated = graph.Unevaluated.ToDictionary(
                    p => p.Key,
                    p => errors.FirstOrDefault(e => e.StartsWith(Path.Combine(root, p.Key), StringComparison.Ordinal) && e.Contains("error", StringComparison.Ordinal)) is { } error
                        ? Cut(error[(error.IndexOf("error", StringComparison.Ordinal))..])
                        : p.Value,
                    StringComparer.Ordinal),
            };
        }
        finally
        {
            try
            {
                Directory.Delete(work, recursive: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
            }
        }
    }

    /// <summary>The graph from the evaluation's lines (<c>kind|project|path</c>, absolute paths).</summary>
    public static ProjectGraph Parse(string root, IReadOnlyList<string> projects, IEnumerable<string> lines, string how)
    {
        var references = projects.ToDictionary(p => p, _ => new SortedSet<string>(StringComparer.Ordinal), StringComparer.Ordinal);
        var evaluated = new HashSet<string>(StringComparer.Ordinal);
        var files = projects.ToDictionary(p => p, _ => new SortedSet<string>(StringComparer.Ordinal), StringComparer.Ordinal);
        foreach (var line in lines)
        {
            var parts = line.Split('|', 3);
            if (parts.Length != 3 || Relative(root, parts[1]) is not { } project || !references.ContainsKey(project)
                || Relative(root, parts[2]) is not { } path)
            {
                continue; // outside the repository: nothing here can change it
            }

            if (parts[0] == "project")
            {
                evaluated.Add(project);
            }
            else if (parts[0] == "reference")
            {
                references[project].Add(path);
            }
            else if (parts[0] == "file" && !IsUnder(path, Folder(project)))
            {
                files[project].Add(path);
            }
        }

        return new ProjectGraph(
            projects,
            references.ToDictionary(p => p.Key, p => (IReadOnlyList<string>)p.Value.ToList(), StringComparer.Ordinal),
            files.ToDictionary(p => p.Key, p => (IReadOnlyList<string>)p.Value.ToList(), StringComparer.Ordinal),
            how)
        {
            Unevaluated = projects.Where(p => !evaluated.Contains(p)).ToDictionary(p => p, _ => "it did not evaluate", StringComparer.Ordinal),
        };
    }

    /// <summary>The folder of a repository-relative path ("" for the root).</summary>
    public static string Folder(string path) => path.LastIndexOf('/') is var slash and >= 0 ? path[..slash] : string.Empty;

    /// <summary>Whether a repository-relative path lies in <paramref name="folder"/> or below ("" is the root).</summary>
    public static bool IsUnder(string path, string folder) =>
        folder.Length == 0 || (path.Length > folder.Length && path[folder.Length] == '/' && path.StartsWith(folder, StringComparison.Ordinal));

    private static string? Relative(string root, string fullPath)
    {
        var relative = Path.GetRelativePath(root, fullPath).Replace('\\', '/');
        return relative.StartsWith("../", StringComparison.Ordinal) || relative == ".." || Path.IsPathRooted(relative) ? null : relative;
    }

    private static async Task<IReadOnlyList<string>> ListProjectsAsync(string root, CancellationToken cancellationToken)
    {
        var git = await new Git.GitCli(root).RunAsync(["ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", "*.csproj", "*.fsproj", "*.vbproj"], cancellationToken).ConfigureAwait(false);
        if (!git.Succeeded)
        {
            throw new ProjectGraphException("git could not list the projects: " + git.Stderr.Trim());
        }

        // Deleted but still tracked projects are left out: they no longer exist to be built.
        return System.Text.Encoding.UTF8.GetString(git.Stdout).Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Where(p => File.Exists(Path.Combine(root, p)))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    private static string Cut(string text) => text.Length <= 200 ? text : text[..200] + "…";

    private static string FirstError(ProcessResult result)
    {
        var lines = (result.StdoutTail + "\n" + result.StderrTail).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var error = lines.FirstOrDefault(l => l.Contains("error", StringComparison.OrdinalIgnoreCase)) ?? lines.FirstOrDefault();
        return error ?? $"exit code {result.ExitCode}";
    }
}
