using System.CommandLine;
using Omk.Goals;

namespace Omk.Cli.Commands;

/// <summary>
/// <c>omk goal run "&lt;goal&gt;"</c> and <c>omk goal plan "&lt;goal&gt;"</c>: a goal planned (or given a plan), run as a
/// team, integrated, verified, reviewed and delivered; every input error is found before a goal directory exists (exit 2).
/// </summary>
public static class GoalRunCommand
{
    public static Command Run()
    {
        var goal = new Argument<string>("goal") { Description = "What to achieve, with an observable outcome." };
        var plan = new Option<string?>("--plan") { Description = "A task file to use as the plan (no planner turn).", HelpName = "FILE" };
        var fixRounds = new Option<int>("--fix-rounds") { Description = "Rounds of fix tasks after failed gates or requested changes (default 2).", DefaultValueFactory = _ => 2 };
        var budget = new BudgetOptions();
        var deliver = new Option<string>("--deliver") { Description = "none (default), branch (push omk/goal/<id> to origin) or pr (also a draft pull request).", DefaultValueFactory = _ => "none" };
        var apiUrl = new Option<string?>("--github-api-url") { Description = "The GitHub API for --deliver pr (default: $GITHUB_API_URL, then https://api.github.com).", HelpName = "URL" };
        var shared = new SharedOptions();
        var command = new Command("run", "Plan, run, integrate, verify, review and deliver a goal (exit 0 ready, 1 not_ready/failed, 2 usage, 3 blocked or needs more budget, 130 paused/cancelled).")
        {
            goal, plan, fixRounds, deliver, apiUrl,
        };
        foreach (var option in budget.All)
        {
            command.Add(option);
        }

        shared.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var mode = parse.GetValue(deliver)!;
            if (mode is not ("none" or "branch" or "pr"))
            {
                throw new UsageException($"--deliver '{mode}' is not none, branch or pr.");
            }

            var rounds = parse.GetValue(fixRounds) >= 0 ? parse.GetValue(fixRounds) : throw new UsageException("--fix-rounds cannot be negative.");
            var limits = budget.Parse(parse);
            var request = new GoalRequest
            {
                Goal = Text(parse.GetValue(goal)),
                BudgetSecs = limits.Time is { } span ? (long)Math.Ceiling(span.TotalSeconds) : null,
                BudgetTokens = limits.Tokens,
                BudgetUsd = limits.Usd,
                Settings = new GoalSettings
                {
                    FixRounds = rounds,
                    Deliver = mode,
                    GitHubApiUrl = parse.GetValue(apiUrl) ?? Environment.GetEnvironmentVariable("GITHUB_API_URL"),
                },
            };
            return await shared.RunAsync(parse, request, parse.GetValue(plan), cancellationToken);
        });
        return command;
    }

    public static Command Plan()
    {
        var goal = new Argument<string>("goal") { Description = "What to achieve, with an observable outcome." };
        var output = new Option<string?>("-o", "--output") { Description = "Also write the plan (a task file) here.", HelpName = "FILE" };
        var shared = new SharedOptions();
        var command = new Command("plan", "Plan a goal only: the planner's task file (or its questions), nothing run.") { goal, output };
        shared.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var request = new GoalRequest { Goal = Text(parse.GetValue(goal)), PlanOnly = true };
            return await shared.RunAsync(parse, request, null, cancellationToken, result =>
            {
                var planFile = Path.Combine(result.RunDir, "plan.json");
                if (!File.Exists(planFile))
                {
                    return result.ExitCode;
                }

                if (parse.GetValue(output) is { } file)
                {
                    File.Copy(planFile, file, overwrite: true);
                }

                return ExitCodes.Ready;
            });
        });
        return command;
    }

    private static string Text(string? goal) =>
        string.IsNullOrWhiteSpace(goal) ? throw new UsageException("the goal is empty; say what to achieve, with an observable outcome.") : goal.Trim();
}
