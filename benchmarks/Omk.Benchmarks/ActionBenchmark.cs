using System.Diagnostics;
using System.Globalization;
using Omk.GitHubAction.Tests.Support;

namespace Omk.Benchmarks;

/// <summary>
/// The GitHub Action program (omk-action) against the fake GitHub API on 127.0.0.1: time from the program's start
/// to the sticky comment written, against the same proof run by the same program without GitHub reporting
/// (<c>comment: never</c>), and against <c>omk proof</c>, all in the same run. The difference is what reporting to
/// GitHub costs beyond the proof itself (target ≤ 2 s warm).
/// </summary>
internal sealed class ActionBenchmark : IBenchmark
{
    private const int Gates = 5;
    private const int PullRequest = 7;

    public string Name => "action";

    public string Description => "omk-action: start → PR comment written, beyond the same proof without GitHub reporting (fake API)";

    public async Task<int> RunAsync(BenchmarkOptions options)
    {
        var action = OmkLocation.ActionDll;
        var omk = OmkLocation.OmkDll;
        if (!File.Exists(action) || !File.Exists(omk))
        {
            await Console.Error.WriteLineAsync($"omk-action.dll or omk.dll not built ({action}, {omk}).");
            return 1;
        }

        var work = options.WorkDirectory ?? Path.Combine(Path.GetTempPath(), $"omk-bench-action-{Guid.NewGuid():N}");
        var repo = Path.Combine(work, "repo");
        Directory.CreateDirectory(repo);
        await using var github = await FakeGitHub.StartAsync();
        try
        {
            Git(repo, "init", "-q", "-b", "main");
            Git(repo, "-c", "user.email=b@omk.invalid", "-c", "user.name=bench", "commit", "-q", "--allow-empty", "-m", "init");
            Git(repo, "remote", "add", "origin", repo);
            Git(repo, "fetch", "-q", "origin");
            Git(repo, "checkout", "-q", "-b", "feature");
            var eventPath = Path.Combine(work, "event.json");
            await File.WriteAllTextAsync(eventPath, $$$"""{"pull_request":{"number":{{{PullRequest}}},"base":{"ref":"main","repo":{"full_name":"octo/widgets"}},"head":{"sha":"0123456789abcdef0123456789abcdef01234567","repo":{"full_name":"octo/widgets"} } } }""");
            var env = new Dictionary<string, string>
            {
                ["GITHUB_ACTIONS"] = "true",
                ["GITHUB_EVENT_NAME"] = "pull_request",
                ["GITHUB_EVENT_PATH"] = eventPath,
                ["GITHUB_REPOSITORY"] = "octo/widgets",
                ["GITHUB_API_URL"] = github.Url.AbsoluteUri.TrimEnd('/'),
                ["GITHUB_RUN_ID"] = "1",
                ["GITHUB_WORKSPACE"] = repo,
                ["GITHUB_STEP_SUMMARY"] = Path.Combine(work, "summary.md"),
                ["GITHUB_OUTPUT"] = Path.Combine(work, "output.txt"),
                ["OMK_STATE_DIR"] = Path.Combine(work, "state"),
                ["OMK_GITHUB_TOKEN"] = "ghs_BenchmarkToken",
            };
            var gates = string.Join('\n', Enumerable.Range(1, Gates).Select(i => $"g{i}=true"));
            var runs = Math.Max(options.Runs, 10);
            var commentAt = TimeSpan.Zero;
            Stopwatch? clock = null;
            github.OnCommentWritten = () => commentAt = clock?.Elapsed ?? TimeSpan.Zero;

            // One process per case and run, measured from just before the start.
            (double Wall, double ToComment) Run(string comment, string key = "proof")
            {
                commentAt = TimeSpan.Zero;
                clock = Stopwatch.StartNew();
                Exec(repo, env, "dotnet", action, "--gates", gates, "--comment", comment, "--comment-key", key, "--no-reuse", "true");
                var wall = clock.Elapsed.TotalMilliseconds;
                if (comment != "never" && commentAt == TimeSpan.Zero)
                {
                    throw new InvalidOperationException("the action wrote no comment");
                }

                return (wall, commentAt.TotalMilliseconds);
            }

            string[] proofArgs = [omk, "proof", "--no-reuse", "--repo", repo, "--state-dir", Path.Combine(work, "state"), .. Enumerable.Range(1, Gates).SelectMany(i => new[] { "--gate", $"g{i}=true" })];
            var cli = Median(runs, () => Time(() => Exec(repo, env, "dotnet", proofArgs)));
            var bare = Median(runs, () => Run("never").Wall);
            var patch = MedianPair(runs, () => Run("always"));
            var post = 0;
            var create = MedianPair(runs, () => Run("always", $"new{post++}"));
            github.AddComments(PullRequest, 300, "reviewer");
            var paged = MedianPair(runs, () => Run("always"));

            Console.WriteLine($"## omk-action, {Gates} gates running `true`, fake GitHub API on 127.0.0.1 (median of {runs} runs)");
            Console.WriteLine();
            Console.WriteLine("| case | start → comment written | start → exit | vs the proof without GitHub |");
            Console.WriteLine("|---|---|---|---|");
            Console.WriteLine(Row("omk proof (CLI), same gates", null, cli, bare));
            Console.WriteLine(Row("omk-action, comment: never (the proof without GitHub reporting; baseline)", null, bare, bare));
            Console.WriteLine(Row("omk-action, sticky comment updated (list 1 page + PATCH)", patch.ToComment, patch.Wall, bare));
            Console.WriteLine(Row("omk-action, new comment (list + POST)", create.ToComment, create.Wall, bare));
            Console.WriteLine(Row("omk-action, updated behind 300 other comments (4 pages + PATCH)", paged.ToComment, paged.Wall, bare));
            Console.WriteLine();
            var beyond = patch.ToComment - bare;
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"Start → sticky comment updated, beyond the proof itself: {beyond:0} ms ({patch.ToComment / bare:0.00}× the proof alone; target ≤ 2000 ms: {(beyond <= 2000 ? "met" : "MISSED")}); behind 3 full pages: {paged.ToComment - bare:0} ms."));
            Console.WriteLine();
            return beyond <= 2000 ? 0 : 1;
        }
        finally
        {
            if (options.WorkDirectory is null)
            {
                Directory.Delete(work, recursive: true);
            }
        }
    }

    private static string Row(string name, double? toComment, double wall, double baseline) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"| {name} | {(toComment is { } c ? $"{c:0} ms" : "–")} | {wall:0} ms | {(toComment ?? wall) - baseline:+0;-0;0} ms ({(toComment ?? wall) / baseline:0.00}×) |");

    private static double Time(Action action)
    {
        var clock = Stopwatch.StartNew();
        action();
        return clock.Elapsed.TotalMilliseconds;
    }

    private static double Median(int runs, Func<double> measure)
    {
        measure(); // warm-up: disk caches, the runtime's own JIT
        return ProcessTimer.MedianOf(Enumerable.Range(0, runs).Select(_ => measure()).ToList());
    }

    private static (double Wall, double ToComment) MedianPair(int runs, Func<(double Wall, double ToComment)> measure)
    {
        measure();
        var all = Enumerable.Range(0, runs).Select(_ => measure()).ToList();
        return (ProcessTimer.MedianOf(all.Select(a => a.Wall)), ProcessTimer.MedianOf(all.Select(a => a.ToComment)));
    }

    private static void Git(string repo, params string[] args) => ProcessTimer.Run(repo, "git", args);

    private static void Exec(string workingDirectory, IReadOnlyDictionary<string, string> env, string program, params string[] args) =>
        ProcessTimer.Run(workingDirectory, env, program, args);
}
