using System.Diagnostics;
using System.Globalization;

namespace Omk.Benchmarks;

/// <summary>
/// How close omk's light commands come to the cost of starting .NET at all. A hello-world console app is published the
/// way omk ships (net10.0, framework-dependent, ReadyToRun for this machine) and started the same way
/// (<c>dotnet app.dll</c>); against it, in the same rounds (cases alternate, so load drifts hit all alike):
/// <c>omk --version</c>, <c>omk proof</c> with 5 gates running <c>true</c>, a warm <c>omk gates list</c> over the
/// 5 gate scripts of the gates benchmark, and <c>omk runs list</c> (what any command pays for its command line). The
/// floors of the proof and of the listing (<see cref="StartupFloors"/>: only what each cannot avoid, published and started
/// the same way) run in the same rounds, so that each target can be read against what it can at best reach.
/// </summary>
internal sealed class StartupBenchmark : IBenchmark
{
    public string Name => "startup";

    public string Description => "omk --version, omk proof (5 true gates) and warm omk gates list vs a hello-world app started the same way";

    public async Task<int> RunAsync(BenchmarkOptions options)
    {
        var omk = OmkLocation.OmkDll;
        if (!File.Exists(omk))
        {
            await Console.Error.WriteLineAsync($"omk.dll not built ({omk}); benchmarks/run.sh publishes it.");
            return 1;
        }

        var work = options.WorkDirectory ?? Path.Combine(Path.GetTempPath(), $"omk-bench-startup-{Guid.NewGuid():N}");
        var repo = Path.Combine(work, "repo");
        Directory.CreateDirectory(repo);
        try
        {
            var hello = PublishHello(Path.Combine(work, "hello"));
            GateScriptsFixture.CommitTo(repo);
            var state = Path.Combine(work, "state");
            string[] proof = [omk, "proof", "--no-reuse", "--state-dir", state, .. Enumerable.Range(1, 5).SelectMany(i => new[] { "--gate", $"g{i}=true" })];
            var environment = new Dictionary<string, string> { ["OMK_CACHE_DIR"] = Path.Combine(work, "cache") };
            ProcessTimer.Run(repo, environment, "dotnet", omk, "gates", "list"); // compiles once: the list below is warm
            var cachedScripts = Directory.GetFiles(Path.Combine(work, "cache", "gates"), "gates-*.dll").Single();
            var proofFloor = PublishApp(Path.Combine(work, "proof-floor"), "prooffloor", StartupFloors.Proof);
            var listingFloor = PublishApp(
                Path.Combine(work, "listing-floor"), "listingfloor", StartupFloors.Listing,
                $"""<ItemGroup><ProjectReference Include="{Path.Combine(OmkLocation.RepoRoot, "src", "Omk.Runtime", "Omk.Runtime.csproj")}" /></ItemGroup>""");
            var noRuns = Path.Combine(work, "no-runs"); // `omk runs list` with nothing to read: its command line and little else
            // The same omk without ReadyToRun code (the build output), to show what it saves in the same rounds.
            var il = OmkLocation.BuiltOmkDll;

            var runs = Math.Max(options.Runs, 15);
            (string Name, Action Run)[] cases =
            [
                ("hello-world app, `dotnet hello.dll` (baseline)", () => ProcessTimer.Run(repo, "dotnet", hello)),
                ("`omk --version`", () => ProcessTimer.Run(repo, "dotnet", omk, "--version")),
                ("`omk proof` with 5 gates running `true`", () => ProcessTimer.Run(repo, "dotnet", proof)),
                ("`omk gates list`, warm (5 scripts, 11 gates)", () => ProcessTimer.Run(repo, environment, "dotnet", omk, "gates", "list")),
                ("`omk runs list`, no runs (the command line, little else)", () => ProcessTimer.Run(repo, "dotnet", omk, "runs", "list", "--state-dir", noRuns)),
                ("floor of the proof: 2 × `git status`, 5 × `true`, 2 fsyncs, nothing else (`StartupFloors.Proof`)", () => ProcessTimer.Run(repo, "dotnet", proofFloor, Path.Combine(work, "floor-run"))),
                ("floor of the listing: the scripts read, their assembly checked, loaded and run (`StartupFloors.Listing`)", () => ProcessTimer.Run(repo, environment, "dotnet", listingFloor, cachedScripts)),
                ("`omk --version`, no ReadyToRun code (build output)", () => ProcessTimer.Run(repo, "dotnet", il, "--version")),
                ("`omk proof`, 5 gates, no ReadyToRun code (build output)", () => ProcessTimer.Run(repo, "dotnet", [il, .. proof[1..]])),
            ];
            var timings = Interleaved(runs, cases.Select(c => c.Run).ToArray());
            var baseline = timings[0];
            var version = timings[1];

            Console.WriteLine($"## Start-up: omk's light commands against a hello-world app (median of {runs} rounds, cases alternating)");
            Console.WriteLine();
            Console.WriteLine($"omk: {omk}");
            Console.WriteLine();
            Console.WriteLine("| case | wall time | CPU time | vs hello world | vs `omk --version` | CPU vs `omk --version` |");
            Console.WriteLine("|---|---|---|---|---|---|");
            for (var i = 0; i < cases.Length; i++)
            {
                var t = timings[i];
                Console.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"| {cases[i].Name} | {t.WallMs:0.0} ms | {(t.CpuMs is { } cpu ? cpu.ToString("0.0 ms", CultureInfo.InvariantCulture) : "–")} | {t.WallMs / baseline.WallMs:0.00}× | {t.WallMs / version.WallMs:0.00}× | {(t.CpuMs is { } c && version.CpuMs is { } v ? (c / v).ToString("0.00", CultureInfo.InvariantCulture) + "×" : "–")} |"));
            }

            Console.WriteLine();
            Target("`omk --version` ≤ 1.3× hello world", version.WallMs / baseline.WallMs, 1.3);
            Target("`omk proof`, 5 gates ≤ 2× `omk --version`", timings[2].WallMs / version.WallMs, 2.0);
            Floor("the proof", timings[2], timings[5], version);
            Target("`omk gates list` warm ≤ 1.3× `omk --version`", timings[3].WallMs / version.WallMs, 1.3);
            Floor("the listing", timings[3], timings[6], version);
            if (timings[3].CpuMs is { } listCpu && version.CpuMs is { } versionCpu)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"- `omk gates list` warm, by CPU time: {listCpu / versionCpu:0.00}× ({listCpu - versionCpu:0.0} ms beyond `omk --version`)"));
            }

            Console.WriteLine($"- load average at the end: {GatesBenchmark.LoadAverage()} on {Environment.ProcessorCount} cores");
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

    private static void Floor(string name, ProcessTimer.Timing omk, ProcessTimer.Timing floor, ProcessTimer.Timing version) =>
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"  - floor of {name}: {floor.WallMs / version.WallMs:0.00}× `omk --version`; omk takes {omk.WallMs - floor.WallMs:0.0} ms beyond it ({(omk.WallMs - floor.WallMs) / version.WallMs:0.00}× `omk --version`)"));

    /// <summary>Runs every case once to warm up, then <paramref name="rounds"/> rounds of all cases in turn; medians per case.</summary>
    internal static ProcessTimer.Timing[] Interleaved(int rounds, Action[] cases)
    {
        var samples = cases.Select(_ => new List<ProcessTimer.Timing>()).ToArray();
        foreach (var run in cases)
        {
            run();
        }

        for (var round = 0; round < rounds; round++)
        {
            for (var i = 0; i < cases.Length; i++)
            {
                samples[i].Add(ProcessTimer.Median(1, cases[i], warmUp: false));
            }
        }

        return samples.Select(s => new ProcessTimer.Timing(
            ProcessTimer.MedianOf(s.Select(t => t.WallMs)),
            s.All(t => t.CpuMs is not null) ? ProcessTimer.MedianOf(s.Select(t => t.CpuMs!.Value)) : null)).ToArray();
    }

    // A console app that prints one line, published as omk is (see src/Omk.Cli/Omk.Cli.csproj, OmkReadyToRunRuntime).
    private static string PublishHello(string directory) => PublishApp(directory, "hello", "System.Console.WriteLine(\"hello\");\n");

    /// <summary>
    /// Publishes a console app whose Program.cs is <paramref name="program"/> as omk is published; returns its dll.
    /// <paramref name="projectItems"/>: MSBuild items for its project file (a reference to one of omk's projects).
    /// </summary>
    internal static string PublishApp(string directory, string name, string program, string projectItems = "")
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, $"{name}.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <InvariantGlobalization>true</InvariantGlobalization>
                <TieredPGO>false</TieredPGO>
                <ConcurrentGarbageCollection>false</ConcurrentGarbageCollection>
              </PropertyGroup>
              {projectItems}
            </Project>
            """);
        File.WriteAllText(Path.Combine(directory, "Program.cs"), program);
        File.WriteAllText(Path.Combine(directory, "Directory.Build.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(directory, "Directory.Packages.props"), "<Project />\n");
        var output = Path.Combine(directory, "out");
        var watch = Stopwatch.StartNew();
        ProcessTimer.Run(directory, "dotnet", "publish", "-c", "Release", "-r", "linux-x64", "-p:PublishReadyToRun=true", "-p:SelfContained=false", "-p:UseAppHost=false", "-o", output, "-nologo", "-v", "q");
        Console.Error.WriteLine($"published the {name} app in {watch.Elapsed.TotalSeconds:0} s");
        return Path.Combine(output, $"{name}.dll");
    }

    private static void Target(string what, double ratio, double target) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"- {what}: {ratio:0.00}× {(ratio <= target ? "✅ met" : "❌ missed")}"));
}
