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

    public async Task<GoalResultJson> RunAsync(string goal, string repoRoot, CancellationToken cancellationToken)
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
        var result = await new ProcessRunner(context.Time).RunAsync(
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
            cancellationToken).ConfigureAwait(false);
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
