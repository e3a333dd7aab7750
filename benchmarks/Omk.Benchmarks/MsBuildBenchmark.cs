using System.Diagnostics;
using System.Globalization;

namespace Omk.Benchmarks;

/// <summary>
/// The cost of the Omk.Tasks package, packed from this checkout (999.0.0-local) into a temporary feed and restored
/// once into an isolated packages folder, in a scratch repository (a solution of two class libraries, 3 quick gates):
/// <c>dotnet build -t:OmkProof --no-restore</c> against the packaged omk run directly (<c>dotnet omk.dll proof</c>),
/// and plain builds (no-op and <c>--no-incremental</c>) of the same solution with and without the package.
/// Cases compared with each other run alternately, so drift on a shared machine hits both sides alike.
/// </summary>
internal sealed class MsBuildBenchmark : IBenchmark
{
    private const string Version = "999.0.0-local";
    private const double OverheadTargetMs = 1000;
    private const double PlainBuildTarget = 1.03;

    public string Name => "msbuild";

    public string Description => "dotnet build -t:OmkProof vs omk proof, and plain builds with vs without Omk.Tasks";

    public async Task<int> RunAsync(BenchmarkOptions options)
    {
        var work = options.WorkDirectory ?? Path.Combine(Path.GetTempPath(), $"omk-bench-msbuild-{Guid.NewGuid():N}");
        Directory.CreateDirectory(work);
        try
        {
            var runs = Math.Max(options.Runs, 9);
            var feed = Path.Combine(work, "feed");
            var packages = Path.Combine(work, "packages");
            Console.WriteLine($"msbuild: packing src/Omk.Tasks as {Version} into {feed}…");
            Run(OmkLocation.RepoRoot, packages, "dotnet", "pack", Path.Combine(OmkLocation.RepoRoot, "src", "Omk.Tasks"), "-c", "Release", $"-p:Version={Version}", "-o", feed, "--disable-build-servers", "-nologo", "-v", "q");

            var with = await ScratchAsync(Path.Combine(work, "with"), feed, packages, reference: true);
            var without = await ScratchAsync(Path.Combine(work, "without"), feed, packages, reference: false);
            var omk = Path.Combine(packages, "omk.tasks", Version, "tools", "net10.0", "omk.dll");
            foreach (var repo in new[] { with, without })
            {
                Run(repo, packages, "dotnet", "restore", "--disable-build-servers", "-nologo");
                Run(repo, packages, "dotnet", "build", "--no-restore", "--disable-build-servers", "-nologo");
            }

            // Both sides start with the gate script compiled and cached (what users repeat).
            Run(with, packages, "dotnet", omk, "proof", "--no-reuse");

            Console.WriteLine($"msbuild: {runs} runs per case after a warm-up, median (min–max); {Environment.ProcessorCount} cores, load average {LoadAverage()}; work in {work}");
            string[] build = ["build", "--no-restore", "--disable-build-servers", "-nologo", "-p:OmkNoReuse=true"];
            var proofs = Rotate(
                runs,
                () => Run(with, packages, "dotnet", omk, "proof", "--no-reuse"),
                () => Run(with, packages, "dotnet", [.. build, "-t:OmkProof"]),
                () => Run(with, packages, "dotnet", [.. build, "-t:OmkProof", "-p:OmkEnabled=false"]));
            var (direct, msbuild, floor) = (proofs[0], proofs[1], proofs[2]);
            var noop = Rotate(runs, () => Run(without, packages, "dotnet", build), () => Run(with, packages, "dotnet", build));
            var full = Rotate(runs, () => Run(without, packages, "dotnet", [.. build, "--no-incremental"]), () => Run(with, packages, "dotnet", [.. build, "--no-incremental"]));

            var overhead = msbuild.Median - direct.Median;
            Console.WriteLine();
            Console.WriteLine($"## Omk.Tasks: 3 gates, a solution of 2 class libraries (median of {runs} runs, same run)");
            Console.WriteLine();
            Console.WriteLine("| case | wall time, median (min–max) | ratio | target |");
            Console.WriteLine("|---|---|---|---|");
            Console.WriteLine(Row("`dotnet <package>/tools/net10.0/omk.dll proof` (baseline)", direct, direct, ""));
            Console.WriteLine(Row("`dotnet build -t:OmkProof --no-restore`", msbuild, direct, Verdict(overhead <= OverheadTargetMs, F($"overhead {overhead:0} ms ≤ 1000 ms"))));
            Console.WriteLine(Row("`dotnet build -t:OmkProof --no-restore -p:OmkEnabled=false` (MSBuild alone)", floor, direct, ""));
            Console.WriteLine(Row("`dotnet build --no-restore` (no-op), without the package (baseline)", noop[0], noop[0], ""));
            Console.WriteLine(Row("`dotnet build --no-restore` (no-op), with the package", noop[1], noop[0], Verdict(noop[1].Median / noop[0].Median <= PlainBuildTarget, "≤ 1.03×")));
            Console.WriteLine(Row("`dotnet build --no-restore --no-incremental`, without the package (baseline)", full[0], full[0], ""));
            Console.WriteLine(Row("`dotnet build --no-restore --no-incremental`, with the package", full[1], full[0], Verdict(full[1].Median / full[0].Median <= PlainBuildTarget, "≤ 1.03×")));
            Console.WriteLine();
            Console.WriteLine(F($"OmkProof over running omk directly: {overhead:0} ms ({msbuild.Median / direct.Median:0.00}×), of which MSBuild alone (start, solution, evaluation, nodes) {floor.Median:0} ms and the target's own share {msbuild.Median - floor.Median - direct.Median:0} ms."));
            Console.WriteLine($"Load average at the end: {LoadAverage()} (other work on the machine stretches wall times; compare rows of one run).");
            Console.WriteLine(F($"Plain builds with/without the package: no-op {noop[1].Median / noop[0].Median:0.000}× (fastest runs {noop[1].Min / noop[0].Min:0.000}×), rebuild {full[1].Median / full[0].Median:0.000}× (fastest {full[1].Min / full[0].Min:0.000}×)."));
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

    private sealed record Times(double Median, double Min, double Max);

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string Verdict(bool met, string target) => (met ? "✅ " : "❌ ") + target;

    private static string Row(string name, Times t, Times baseline, string target) =>
        F($"| {name} | {t.Median:0} ms ({t.Min:0}–{t.Max:0}) | {t.Median / baseline.Median:0.000}× | {target} |");

    /// <summary>One warm-up each, then <paramref name="runs"/> rounds running each case once, in turn; their times.</summary>
    private static Times[] Rotate(int runs, params Action[] cases)
    {
        var times = cases.Select(_ => new List<double>()).ToArray();
        foreach (var action in cases)
        {
            action();
        }

        for (var i = 0; i < runs; i++)
        {
            for (var c = 0; c < cases.Length; c++)
            {
                times[c].Add(Time(cases[c]));
            }
        }

        return times.Select(Summarize).ToArray();
    }

    private static double Time(Action action)
    {
        var watch = Stopwatch.StartNew();
        action();
        return watch.Elapsed.TotalMilliseconds;
    }

    private static Times Summarize(List<double> times)
    {
        times.Sort();
        return new Times(times[times.Count / 2], times[0], times[^1]);
    }

    /// <summary>A git repository with a solution of two class libraries (A references B) and 3 quick gates.</summary>
    private static async Task<string> ScratchAsync(string repo, string feed, string packages, bool reference)
    {
        Directory.CreateDirectory(repo);
        string project = "<Project Sdk=\"Microsoft.NET.Sdk\">\n  <PropertyGroup>\n    <TargetFramework>net10.0</TargetFramework>\n  </PropertyGroup>\n{0}</Project>\n";
        var files = new Dictionary<string, string>
        {
            ["A/A.csproj"] = string.Format(CultureInfo.InvariantCulture, project, "  <ItemGroup>\n    <ProjectReference Include=\"../B/B.csproj\" />\n  </ItemGroup>\n"),
            ["A/Answer.cs"] = "namespace A;\n\npublic static class Answer\n{\n    public static int Value => B.Question.Ask();\n}\n",
            ["B/B.csproj"] = string.Format(CultureInfo.InvariantCulture, project, string.Empty),
            ["B/Question.cs"] = "namespace B;\n\npublic static class Question\n{\n    public static int Ask() => 6 * 7;\n}\n",
            ["Directory.Build.props"] = reference
                ? $"<Project>\n  <ItemGroup>\n    <PackageReference Include=\"Omk.Tasks\" Version=\"{Version}\" PrivateAssets=\"all\" />\n  </ItemGroup>\n</Project>\n"
                : "<Project>\n</Project>\n",
            ["Directory.Build.targets"] = "<Project />\n",
            ["Directory.Packages.props"] = "<Project />\n",
            [".gitignore"] = "bin/\nobj/\n",
            ["gates/bench.fsx"] = "open Omk.Gates\n\ngate \"one\" { run \"true\" }\ngate \"two\" { run \"true\" }\ngate \"three\" { run \"true\" }\n",
            ["nuget.config"] = $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <config><add key="globalPackagesFolder" value="{packages}" /></config>
                  <packageSources>
                    <clear />
                    <add key="local" value="{feed}" />
                    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
                  </packageSources>
                  <packageSourceMapping>
                    <packageSource key="local"><package pattern="Omk.Tasks" /></packageSource>
                    <packageSource key="nuget.org"><package pattern="*" /></packageSource>
                  </packageSourceMapping>
                </configuration>

                """,
        };
        foreach (var (path, text) in files)
        {
            var full = Path.Combine(repo, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            await File.WriteAllTextAsync(full, text);
        }

        Run(repo, packages, "dotnet", "new", "sln", "-n", "Scratch", "--format", "sln");
        Run(repo, packages, "dotnet", "sln", "Scratch.sln", "add", "A/A.csproj", "B/B.csproj");
        Run(repo, packages, "git", "init", "-q", "-b", "main");
        Run(repo, packages, "git", "add", "-A");
        Run(repo, packages, "git", "-c", "user.email=b@omk.invalid", "-c", "user.name=bench", "-c", "commit.gpgsign=false", "commit", "-q", "-m", "scratch");
        return repo;
    }

    // MSBuild's own variables (set when this runs under dotnet) are unset, as in a user's shell; no build server or node outlives a run.
    private static void Run(string workingDirectory, string packages, string program, params string[] args) =>
        ProcessTimer.Run(
            workingDirectory,
            new Dictionary<string, string>
            {
                ["NUGET_PACKAGES"] = packages,
                ["MSBUILDDISABLENODEREUSE"] = "1",
                ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0",
            },
            key => key.StartsWith("MSBuild", StringComparison.Ordinal) || key == "MSBUILD_EXE_PATH",
            program,
            args);
}
