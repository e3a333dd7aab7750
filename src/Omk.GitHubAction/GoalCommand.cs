using System.Text.Json;
using Omk.Goals;
using Omk.Processes;

namespace Omk.GitHubAction;

/// <summary>
/// Runs <c>omk goal run "GOAL" --deliver none --json</c> in the repository, in an environment without any GitHub token
/// (<see cref="CredentialFreeEnvironment"/>): the agent never holds one. The program is <c>omk</c> on the PATH;
/// <c>OMK_ACTION_GOAL_COMMAND</c> (a command line) replaces it, as <c>OMK_ACTION_PROGRAM</c> replaces the action's own
/// program. Its one JSON object (the goal contract) is the result.
/// </summary>
public sealed class GoalCommand(ActionContext context, WorkflowCommands commands, ActionSettings settings)
{
    public const string CommandVariable = "OMK_ACTION_GOAL_COMMAND";

    /// <summary>Seconds between two looks at the running goal's progress (default 15).</summary>
    public const string ProgressVariable = "OMK_ACTION_GOAL_PROGRESS_SECONDS";

    public async Task<GoalResultJson> RunAsync(string goal, string repoRoot, Func<GoalProgress, Task>? onProgress, CancellationToken cancellationToken)
    {
        var (program, prefix) = Program();
        var arguments = prefix.Concat(["goal", "run", goal, "--deliver", "none", "--json", "--repo", repoRoot]).ToList();
        void Add(string option, string? value)
        {
            if (value is not null)
            {
                arguments.AddRange([option, value]);
            }
        }

        Add("--driver", settings.AgentDriver);
        Add("--agent", settings.Agent);
        Add("--agents", settings.Agents);
        Add("--budget-time", settings.BudgetTime);
        Add("--budget-tokens", settings.BudgetTokens);
        Add("--budget-usd", settings.BudgetUsd);

        var removed = CredentialFreeEnvironment.RemovalsFor(context.Environment.Variables);
        commands.Line($"omk: running the goal without a GitHub token ({removed.Count} credential variable(s) removed from its environment): {Path.GetFileName(program)} goal run ...");
        var stdout = new System.Text.StringBuilder();
        var started = context.Time.GetUtcNow();
        var running = new ProcessRunner(context.Time).RunAsync(
            new ProcessSpec(new ProcessCommand(program, arguments), repoRoot)
            {
                Environment = removed,
                OnOutput = line =>
                {
                    if (line.Stream == ProcessOutputStream.Stdout)
                    {
                        stdout.AppendLine(line.Text);
                    }
                    else
                    {
                        commands.Line("omk goal: " + line.Text);
                    }
                },
            },
            cancellationToken);
        await WatchAsync(running, repoRoot, started, onProgress, cancellationToken).ConfigureAwait(false);
        var result = await running.ConfigureAwait(false);
        var json = stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault(l => l.StartsWith('{'));
        try
        {
            return json is not null && JsonSerializer.Deserialize(json, GoalJsonContext.Compact.GoalResultJson) is { } parsed
                ? parsed
                : throw new ActionUsageException($"omk goal run printed no result (exit code {result.ExitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}): {result.StderrSummary}");
        }
        catch (JsonException ex)
        {
            throw new ActionUsageException($"omk goal run printed a result that is not the goal contract ({ex.Message}).", ex);
        }
    }

    // While the goal runs, its progress (phase, tasks done of planned) is read from its log and told when it changes.
    private async Task WatchAsync(Task running, string repoRoot, DateTimeOffset started, Func<GoalProgress, Task>? onProgress, CancellationToken cancellationToken)
    {
        if (onProgress is null)
        {
            return;
        }

        var seconds = double.TryParse(context.Environment[ProgressVariable], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var s) && s > 0 ? s : 15;
        var store = Runs.RunStore.For(repoRoot, context.Environment[Runs.RunStore.StateDirVariable]);
        string? told = null;
        while (!running.IsCompleted)
        {
            await Task.WhenAny(running, Task.Delay(TimeSpan.FromSeconds(seconds), cancellationToken)).ConfigureAwait(false);
            try
            {
                if (!running.IsCompleted && GoalProgress.Read(store, started.AddSeconds(-1)) is { } progress && progress.ToString() != told)
                {
                    told = progress.ToString();
                    await onProgress(progress).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is IOException or GitHub.GitHubApiException or System.Text.Json.JsonException)
            {
                commands.Line($"omk: the goal's progress could not be told ({ex.Message}); the goal goes on.");
            }
        }
    }

    private (string Program, IReadOnlyList<string> Prefix) Program()
    {
        if (context.Environment[CommandVariable] is not { } command)
        {
            return ("omk", []);
        }

        var (tokens, error) = Gates.CommandTokenizer.Split(command);
        return error is null && tokens.Count > 0
            ? (tokens[0], tokens.Skip(1).ToList())
            : throw new ActionUsageException($"{CommandVariable} '{command}' is not a command line: {error ?? "empty"}.");
    }
}
