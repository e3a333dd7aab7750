using Omk.Gates;
using Omk.GitHubAction.GitHub;
using Omk.Testing;

namespace Omk.GitHubAction.Tests.Support;

/// <summary>
/// A simulated runner around a real temporary git repository: a pull request from branch <c>feature</c> into
/// <c>main</c> (fetched as <c>origin/main</c>, as with <c>fetch-depth: 0</c>), the event file, fresh
/// <c>GITHUB_OUTPUT</c> and <c>GITHUB_STEP_SUMMARY</c> files per step, and the fake GitHub API. Runs the action
/// in-process (waits between retries are recorded, not slept) or as its own built program.
/// </summary>
public sealed class ActionHarness : IDisposable
{
    public const string Token = "ghs_FakeInstallationToken0123456789abcdef";
    public const int PullRequest = 7;
    public const string Repository = "octo/widgets";

    private readonly TempDirectory _runner = new("omk-runner");

    public ActionHarness(FakeGitHub github, bool fork = false, string eventName = "pull_request")
    {
        GitHub = github;
        Repo = new TempGitRepo();
        Repo.Git("remote", "add", "origin", Repo.Path);
        Repo.Git("fetch", "-q", "origin");
        Repo.Git("checkout", "-q", "-b", "feature");
        Repo.Write("src/widget.txt", "a widget\n");
        Repo.Commit("add a widget");
        var baseSha = Repo.Git("rev-parse", "origin/main");
        var headSha = Repo.Git("rev-parse", "HEAD");
        var headRepo = fork ? "contributor/widgets" : Repository;
        EventPath = _runner.Write("event.json", $$$"""
            {"action":"synchronize","number":{{{PullRequest}}},
             "pull_request":{"number":{{{PullRequest}}},
               "base":{"ref":"main","sha":"{{{baseSha}}}","repo":{"full_name":"{{{Repository}}}"}},
               "head":{"ref":"feature","sha":"{{{headSha}}}","repo":{"full_name":"{{{headRepo}}}","fork":{{{(fork ? "true" : "false")}}} } } } }
            """);
        Environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["GITHUB_ACTIONS"] = "true",
            ["GITHUB_EVENT_NAME"] = eventName,
            ["GITHUB_EVENT_PATH"] = EventPath,
            ["GITHUB_REPOSITORY"] = Repository,
            ["GITHUB_API_URL"] = github.Url.AbsoluteUri.TrimEnd('/'),
            ["GITHUB_SERVER_URL"] = "https://github.com",
            ["GITHUB_SHA"] = headSha,
            ["GITHUB_RUN_ID"] = "4242",
            ["GITHUB_RUN_ATTEMPT"] = "1",
            ["GITHUB_WORKSPACE"] = Repo.Path,
            ["GITHUB_STEP_SUMMARY"] = _runner.Combine("step_summary.md"),
            ["GITHUB_OUTPUT"] = _runner.Combine("output.txt"),
            [ActionInputs.TokenVariable] = Token,
        };
    }

    public FakeGitHub GitHub { get; }

    public TempGitRepo Repo { get; }

    public string RunnerDirectory => _runner.Path;

    public string EventPath { get; }

    public Dictionary<string, string> Environment { get; }

    /// <summary>The log of the last run (the step's output).</summary>
    public string Log { get; private set; } = string.Empty;

    /// <summary>Waits the GitHub client asked for, in order (in-process runs).</summary>
    public List<TimeSpan> Delays { get; } = [];

    public string Summary => File.Exists(Environment["GITHUB_STEP_SUMMARY"]) ? File.ReadAllText(Environment["GITHUB_STEP_SUMMARY"]) : string.Empty;

    public string OutputText => File.Exists(Environment["GITHUB_OUTPUT"]) ? File.ReadAllText(Environment["GITHUB_OUTPUT"]) : string.Empty;

    public IReadOnlyDictionary<string, string> Outputs => OutputFileParser.Parse(OutputText);

    /// <summary>Runs the action in this process (a new step: fresh output and summary files).</summary>
    public async Task<int> RunAsync(params string[] args)
    {
        NewStep();
        using var log = new StringWriter();
        var context = new ActionContext(new RunnerEnvironment(Environment), log)
        {
            GitHub = new GitHubClientOptions
            {
                RequestTimeout = TimeSpan.FromSeconds(20),
                Delay = (delay, _) =>
                {
                    lock (Delays)
                    {
                        Delays.Add(delay);
                    }

                    return Task.CompletedTask;
                },
            },
            CodeGates = new CurrentProgramCodeGateLauncher("dotnet", ActionProgramLocation.DllPath),
            CurrentDirectory = Repo.Path,
        };
        var exit = await ActionProgram.RunAsync(args, context);
        Log = log.ToString();
        return exit;
    }

    /// <summary>Runs the built program as a child process, as the composite action does.</summary>
    public async Task<ChildProcess.Result> RunProgramAsync(params string[] args)
    {
        NewStep();
        var result = await ChildProcess.RunAsync("dotnet", [ActionProgramLocation.DllPath, .. args], Repo.Path, Environment);
        Log = result.Stdout + result.Stderr;
        return result;
    }

    public void Dispose()
    {
        Repo.Dispose();
        _runner.Dispose();
    }

    private void NewStep()
    {
        File.WriteAllText(Environment["GITHUB_STEP_SUMMARY"], string.Empty);
        File.WriteAllText(Environment["GITHUB_OUTPUT"], string.Empty);
    }
}
