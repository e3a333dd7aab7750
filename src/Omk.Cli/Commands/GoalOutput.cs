using System.Text.Json;
using Omk.Goals;

namespace Omk.Cli.Commands;

/// <summary>What the goal commands print: the result (status, reason, next command) or its JSON contract; and the exit code.</summary>
public static class GoalOutput
{
    public static int Report(GoalResultJson result, bool json)
    {
        if (json)
        {
            Console.Out.Write(JsonSerializer.Serialize(result, GoalJsonContext.Compact.GoalResultJson) + "\n");
        }
        else
        {
            Console.Out.WriteLine($"goal {result.GoalId}: {result.Status}: {result.Reason}");
            if (result.Commit is not null)
            {
                Console.Out.WriteLine($"  branch {result.Branch} at {result.Commit}");
            }

            if (result.PullRequestUrl is not null)
            {
                Console.Out.WriteLine($"  pull request {result.PullRequestUrl}");
            }

            Console.Out.WriteLine($"  proof {result.ProofMd ?? "(none)"}");
            if (result.Next is not null)
            {
                Console.Out.WriteLine($"  next: {result.Next}");
            }
        }

        return result.ExitCode;
    }
}
