using System.CommandLine;
using Omk.Goals;

namespace Omk.Cli.Commands;

/// <summary>
/// <c>omk ultrawork --tasks FILE</c>, the original's parallel burst: a goal with a given plan and no reviewer
/// (<c>omk team run</c>, then integration on <c>omk/goal/&lt;id&gt;</c> and the declared gates on the integrated tree).
/// </summary>
public static class UltraworkCommand
{
    public static Command Create()
    {
        var tasks = new Option<string>("--tasks") { Description = "The task file (JSON; see docs/teams.md).", Required = true, HelpName = "FILE" };
        var fixRounds = new Option<int>("--fix-rounds") { Description = "Rounds of fix tasks after failed gates (default 2).", DefaultValueFactory = _ => 2 };
        var shared = new SharedOptions();
        var command = new Command("ultrawork", "Run a task file in parallel, integrate the branches and verify the result (a goal with a given plan and no reviewer).") { tasks, fixRounds };
        shared.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var file = parse.GetValue(tasks)!;
            var rounds = parse.GetValue(fixRounds) >= 0 ? parse.GetValue(fixRounds) : throw new UsageException("--fix-rounds cannot be negative.");
            var request = new GoalRequest
            {
                Goal = $"ultrawork: the tasks of {Path.GetFileName(file)}, integrated and verified",
                Settings = new GoalSettings { Review = false, FixRounds = rounds },
            };
            return await shared.RunAsync(parse, request, file, cancellationToken);
        });
        return command;
    }
}
