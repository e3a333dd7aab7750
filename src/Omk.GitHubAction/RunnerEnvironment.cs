namespace Omk.GitHubAction;

/// <summary>What the runner tells a step through its environment (GITHUB_*), read from a dictionary so tests can give their own.</summary>
public sealed record RunnerEnvironment(IReadOnlyDictionary<string, string> Variables)
{
    public const string DefaultApiUrl = "https://api.github.com";

    public string? this[string name] => Variables.TryGetValue(name, out var v) && !string.IsNullOrEmpty(v) ? v : null;

    public string? EventName => this["GITHUB_EVENT_NAME"];

    public string? EventPath => this["GITHUB_EVENT_PATH"];

    /// <summary><c>owner/name</c>.</summary>
    public string? Repository => this["GITHUB_REPOSITORY"];

    public Uri ApiUrl => new((this["GITHUB_API_URL"] ?? DefaultApiUrl).TrimEnd('/') + "/");

    public string? Sha => this["GITHUB_SHA"];

    public string? StepSummaryPath => this["GITHUB_STEP_SUMMARY"];

    public string? OutputPath => this["GITHUB_OUTPUT"];

    public string? Workspace => this["GITHUB_WORKSPACE"];

    public string? Token => this[ActionInputs.TokenVariable];

    /// <summary>The workflow run's page (where the job summary is), when the runner says which run this is.</summary>
    public string? RunUrl =>
        this["GITHUB_RUN_ID"] is { } id && Repository is { } repo
            ? $"{(this["GITHUB_SERVER_URL"] ?? "https://github.com").TrimEnd('/')}/{repo}/actions/runs/{id}"
                + (this["GITHUB_RUN_ATTEMPT"] is { } attempt and not "1" ? $"/attempts/{attempt}" : string.Empty)
            : null;

    /// <summary>The pull request of a <c>pull_request</c> or <c>pull_request_target</c> event, or null for other events.</summary>
    public PullRequestEvent? PullRequest() =>
        EventName is "pull_request" or "pull_request_target" && EventPath is { } path && File.Exists(path) ? PullRequestEvent.Read(path) : null;

    public static RunnerEnvironment FromProcess()
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry e in Environment.GetEnvironmentVariables())
        {
            variables[(string)e.Key] = e.Value as string ?? string.Empty;
        }

        return new RunnerEnvironment(variables);
    }
}
