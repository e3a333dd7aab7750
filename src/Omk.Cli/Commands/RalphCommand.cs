using System.CommandLine;
using System.Text.Json;
using Omk.Git;
using Omk.Ralph;
using Omk.Teams;

namespace Omk.Cli.Commands;

/// <summary>
/// <c>omk ralph "&lt;prompt&gt;"</c>: one agent in a worktree, looped until the repository's gates pass, the rounds or the
/// budget end, or it stops making progress. A front door only: the loop is <see cref="RalphRun"/>.
/// </summary>
public static class RalphCommand
{
    public static Command Create()
    {
        var prompt = new Argument<string>("prompt") { Description = "What the agent should do." };
        var maxRounds = new Option<int>("--max-rounds") { Description = "Agent turns judged by the gates, the first included (default 10).", DefaultValueFactory = _ => 10 };
        var budget = new BudgetOptions();
        var driver = new Option<string>("--driver") { Description = "acp (Kimi Code CLI, default) or wire (legacy kimi-cli).", DefaultValueFactory = _ => "acp" };
        var agent = new Option<string?>("--agent") { Description = "The agent: kimi, kimi-wire, or an ACP agent's command line (default: kimi for acp, kimi-wire for wire).", HelpName = "AGENT" };
        var approval = new Option<string>("--approval") { Description = "never, safe, yolo or pattern:REGEX; a request the policy cannot decide ends the loop as blocked_on_human.", DefaultValueFactory = _ => "never" };
        var baseRef = new Option<string?>("--base") { Description = "The commit the agent starts from (default HEAD); a previous loop's branch continues its work.", HelpName = "REF" };
        var worktreeRoot = new Option<string?>("--worktree-root") { Description = "Where the worktree goes (default $XDG_STATE_HOME/omk/worktrees).", HelpName = "DIR" };
        var gatesDir = new Option<string?>("--gates-dir") { Description = "The folder of gate scripts (default: gates/).", HelpName = "DIR" };
        var repo = CommonOptions.Repo();
        var stateDir = CommonOptions.StateDir();
        var json = CommonOptions.Json("Print the result as one JSON object on stdout (run_id, status, reason, next, rounds, branch, commit, base, run_dir, proof_json, proof_md, tokens, cost_usd, exit_code).");
        var command = new Command("ralph", "One agent, looped until the gates pass (exit 0 ready, 1 not_ready/failed, 2 usage, 3 needs more budget or blocked on a human, 130 interrupted).")
        {
            prompt, maxRounds, driver, agent, approval, baseRef, worktreeRoot, gatesDir, repo, stateDir, json,
        };
        foreach (var option in budget.All)
        {
            command.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            var repoRoot = await RepoLocation.ResolveAsync(parse.GetValue(repo), cancellationToken);
            var limits = budget.Parse(parse);
            var team = await TeamRunCommand.RequestAsync(
                repoRoot, parse.GetValue(stateDir), parse.GetValue(gatesDir), parse.GetValue(driver)!, parse.GetValue(agent), parse.GetValue(approval)!,
                parse.GetValue(worktreeRoot), new TeamOptions(), cancellationToken);
            var request = new RalphRequest
            {
                Prompt = parse.GetValue(prompt)!,
                MaxRounds = parse.GetValue(maxRounds),
                Budget = limits,
                Team = team with { BaseRef = parse.GetValue(baseRef) },
            };
            try
            {
                RalphRun.TeamRequest(request);
            }
            catch (RalphRequestException ex)
            {
                throw new UsageException(ex.Message, ex);
            }

            using var view = new Rendering.TeamProgressView(Console.Error, Rendering.ProgressView.IsInteractiveTerminal(), TimeProvider.System);
            RalphResult result;
            try
            {
                result = await new RalphRun(TimeProvider.System).RunAsync(request, view.OnEvent, cancellationToken);
            }
            catch (GitException ex)
            {
                throw new UsageException(ex.Message, ex);
            }

            view.Dispose();
            var exit = cancellationToken.IsCancellationRequested ? TeamOutput.Interrupted : result.ExitCode;
            if (parse.GetValue(json))
            {
                WriteJson(result, exit);
            }
            else
            {
                Console.Out.WriteLine($"{result.Status}: {result.Reason}");
                Console.Out.WriteLine($"rounds: {result.Rounds} · branch: {result.Branch ?? "-"} · commit: {result.Head ?? "-"} · tokens: {result.Run.Proof.InputTokens} in / {result.Run.Proof.OutputTokens} out (~${result.Run.Proof.CostUsd:0.####})");
                if (result.Next is { } next)
                {
                    Console.Out.WriteLine($"next: {next}");
                }

                Console.Out.WriteLine($"proof: {Path.Combine(result.Run.Run.Path, "proof.md")}");
            }

            return exit;
        });
        return command;
    }

    private static void WriteJson(RalphResult result, int exit)
    {
        var proof = result.Run.Proof;
        using (var writer = new Utf8JsonWriter(Console.OpenStandardOutput(), Storage.JsonFileOptions.Writer(indented: true)))
        {
            writer.WriteStartObject();
            writer.WriteString("run_id", proof.RunId);
            writer.WriteString("status", result.Status);
            writer.WriteString("reason", result.Reason);
            Nullable(writer, "next", result.Next);
            writer.WriteNumber("rounds", result.Rounds);
            Nullable(writer, "branch", result.Branch);
            Nullable(writer, "commit", result.Head);
            Nullable(writer, "base", proof.BaseCommit);
            writer.WriteString("run_dir", result.Run.Run.Path);
            writer.WriteString("proof_json", Path.Combine(result.Run.Run.Path, "proof.json"));
            writer.WriteString("proof_md", Path.Combine(result.Run.Run.Path, "proof.md"));
            writer.WriteNumber("tokens", proof.InputTokens + proof.OutputTokens);
            writer.WriteNumber("cost_usd", proof.CostUsd);
            writer.WriteNumber("exit_code", exit);
            writer.WriteEndObject();
        }

        Console.Out.WriteLine();
    }

    private static void Nullable(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }
}
