using System.Globalization;
using System.Xml.Linq;
using Omk.Affected;
using Omk.Processes;

namespace Omk.Benchmarks;

/// <summary>
/// Incremental selection (<c>omk proof --affected</c>): what choosing the affected projects costs on solutions of N
/// projects, against <c>git diff --name-only</c> alone (the changed files every selection needs) in the same run. For
/// scale, the two other ways of reading the graph that were measured before choosing: one <c>dotnet msbuild -getItem</c>
/// per project (correct, one process each) and reading <c>ProjectReference</c> from the project files as XML (cheap,
/// but blind to conditions, properties and <c>Directory.Build.props</c>).
/// </summary>
internal sealed class AffectedBenchmark : IBenchmark
{
    public string Name => "affected";

    public string Description => "--affected selection (one msbuild evaluation) on 10/50/200 projects vs git diff --name-only; per-project msbuild and XML for scale";

    public async Task<int> RunAsync(BenchmarkOptions options)
    {
        var work = options.WorkDirectory ?? Path.Combine(Path.GetTempPath(), $"omk-bench-affected-{Guid.NewGuid():N}");
        Directory.CreateDirectory(work);
        try
        {
            var runs = Math.Max(options.Runs, 3);
            Console.WriteLine($"## Incremental selection: reading the project graph and choosing the affected projects (median of {runs} runs)");
            Console.WriteLine();
            Console.WriteLine("| projects | case | wall time | CPU time | ratio to git diff --name-only |");
            Console.WriteLine("|---|---|---|---|---|");
            foreach (var count in new[] { 10, 50, 200 })
            {
                await SolutionAsync(Path.Combine(work, $"n{count}"), count, runs);
            }

            Console.WriteLine();
            return 0;
        }
        finally
        {
            if (options.WorkDirectory is null)
            {
                Directory.Delete(work, recursive: true);
            }
        }
    }

    // N projects in ten layers: each references two of the layer below, so a change low in the graph reaches many.
    private static async Task SolutionAsync(string repo, int count, int runs)
    {
        Directory.CreateDirectory(repo);
        File.WriteAllText(Path.Combine(repo, "Directory.Build.props"), "<Project><PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup></Project>\n");
        for (var i = 0; i < count; i++)
        {
            var references = i < 10 ? string.Empty : $"<ItemGroup><ProjectReference Include=\"../P{i - 10}/P{i - 10}.csproj\" /><ProjectReference Include=\"../P{(i - 9) % 10 + (i - 10) / 10 * 10}/P{(i - 9) % 10 + (i - 10) / 10 * 10}.csproj\" /></ItemGroup>";
            Directory.CreateDirectory(Path.Combine(repo, "src", $"P{i}"));
            File.WriteAllText(Path.Combine(repo, "src", $"P{i}", $"P{i}.csproj"), $"<Project Sdk=\"Microsoft.NET.Sdk\">{references}</Project>\n");
            File.WriteAllText(Path.Combine(repo, "src", $"P{i}", $"C{i}.cs"), $"class C{i} {{ }}\n");
        }

        ProcessTimer.Run(repo, "git", "init", "-q", "-b", "main");
        ProcessTimer.Run(repo, "git", "add", "-A");
        ProcessTimer.Run(repo, "git", "-c", "user.email=b@omk.invalid", "-c", "user.name=bench", "commit", "-q", "-m", "projects");
        File.AppendAllText(Path.Combine(repo, "src", "P3", "C3.cs"), "// changed\n");

        var diff = ProcessTimer.Median(runs, () => ProcessTimer.Run(repo, "git", "diff", "--name-only", "HEAD"));
        string[] changed = ["src/P3/C3.cs"];
        var reader = new ProjectGraphReader(new ProcessRunner());
        var affected = 0;
        var selection = await ProcessTimer.MedianAsync(runs, async () =>
        {
            var graph = await reader.ReadAsync(repo, CancellationToken.None);
            affected = AffectedProjects.Compute(graph, changed).Count(p => p.Affected);
        });
        var xml = await ProcessTimer.MedianAsync(runs, () =>
        {
            foreach (var project in Directory.EnumerateFiles(Path.Combine(repo, "src"), "*.csproj", SearchOption.AllDirectories))
            {
                _ = XDocument.Load(project).Descendants("ProjectReference").Select(r => (string?)r.Attribute("Include")).ToList();
            }

            return Task.CompletedTask;
        });

        Console.WriteLine(Row(count, "git diff --name-only HEAD (baseline)", diff, diff.WallMs));
        Console.WriteLine(Row(count, $"--affected: one msbuild evaluation + rules ({affected} affected)", selection, diff.WallMs));
        Console.WriteLine(Row(count, "ProjectReference read as XML (not chosen: misses conditions, properties, Directory.Build.props)", xml, diff.WallMs));
        if (count == 10)
        {
            var perProject = ProcessTimer.Median(Math.Min(runs, 3), () =>
            {
                for (var i = 0; i < count; i++)
                {
                    ProcessTimer.Run(repo, "dotnet", "msbuild", Path.Combine(repo, "src", $"P{i}", $"P{i}.csproj"), "-getItem:ProjectReference", "-nologo", "-nr:false");
                }
            });
            Console.WriteLine(Row(count, "dotnet msbuild -getItem per project (not chosen: one process each)", perProject, diff.WallMs));
        }
    }

    private static string Row(int count, string name, ProcessTimer.Timing timing, double baseline) => string.Create(
        CultureInfo.InvariantCulture,
        $"| {count} | {name} | {timing.WallMs:0.0} ms | {(timing.CpuMs is { } cpu ? cpu.ToString("0.0", CultureInfo.InvariantCulture) + " ms" : "–")} | {timing.WallMs / baseline:0.0}× |");
}
