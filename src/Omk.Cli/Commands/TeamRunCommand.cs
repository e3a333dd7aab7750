using System.CommandLine;
using Omk.Agents.Approvals;
using Omk.Gates;
using Omk.Git;
using Omk.Runs;
using Omk.Teams;

namespace Omk.Cli.Commands;

/// <summary>
/// <c>omk team run --tasks FILE</c>: the tasks of a task file with several agents at once, each in its own worktree,
/// each verified by its gates. Everything wrong with the input is found before a run directory exists (exit 2).
/// </summary>
public static class TeamRunCommand
{
    public static Command Create()
    {
        var tasks = new Option<string>("--tasks") { Description = "The task file (JSON; see docs/teams.md).", Required = true, HelpName = "FILE" };
        var agents = new Option<int>("--agents") { Description = "Workers at once (default 2).", DefaultValueFactory = _ => 2 };
        var driver = new Option<string>("--driver") { Description = "acp (Kimi Code CLI, default) or wire (legacy kimi-cli).", DefaultValueFactory = _ => "acp" };
        var agent = new Option<string?>("--agent") { Description = "The agent: kimi, kimi-wire, or an ACP agent's command line (default: kimi for acp, kimi-wire for wire).", HelpName = "AGENT" };
        var approval = new Option<string>("--approval") { Description = "never, safe, yolo or pattern:REGEX; a request the policy cannot decide ends the task as blocked_on_human.", DefaultValueFactory = _ => "never" };
        var baseRef = new Option<string?>("--base") { Description = "The commit tasks without dependencies start from (default HEAD).", HelpName = "REF" };
        var attempts = new Option<int>("--attempts") { Description = "Attempts per task (default 2).", DefaultValueFactory = _ => 2 };
        var fixRounds = new Option<int>("--fix-rounds") { Description = "Fix turns after failed gates, per attempt (default 2).", DefaultValueFactory = _ => 2 };
        var stallAfter = new Option<string>("--stall-after") { Description = "A worker silent this long is stalled (default 5m).", DefaultValueFactory = _ => "5m" };
        var retryBackoff = new Option<string>("--retry-backoff") { Description = "Wait before a retry, doubled each attempt (default 2s).", DefaultValueFactory = _ => "2s" };
        var worktreeRoot = new Option<string?>("--worktree-root") { Description = "Where task worktrees go (default $XDG_STATE_HOME/omk/worktrees).", HelpName = "DIR" };
        var gatesDir = new Option<string?>("--gates-dir") { Description = "The folder of gate scripts (default: gates/).", HelpName = "DIR" };
        var noReuse = new Option<bool>("--no-reuse") { Description = "Run every task gate, even one whose inputs match a passed result in the cache." };
        var repo = CommonOptions.Repo();
        var stateDir = CommonOptions.StateDir();
        var json = CommonOptions.Json("Print the result (every task with status, attempts, branch, head, gates, tokens) as JSON on stdout.");
        var command = new Command("run", "Run a task file with several agents in parallel (exit 0 all verified, 1 a task failed or was skipped, 2 usage, 3 blocked on a human, 130 interrupted).")
        {
            tasks, agents, driver, agent, approval, baseRef, attempts, fixRounds, stallAfter, retryBackoff, worktreeRoot, gatesDir, noReuse, repo, stateDir, json,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var repoRoot = await RepoLocation.ResolveAsync(parse.GetValue(repo), cancellationToken);
            var file = parse.GetValue(tasks)!;
            IReadOnlyList<TeamTask> list;
            try
            {
                list = TaskFile.Load(file);
            }
            catch (TaskFileException ex)
            {
                throw new UsageException(ex.Message, ex);
            }

            var options = new TeamOptions
            {
                Agents = Positive(parse.GetValue(agents), "--agents"),
                Attempts = Positive(parse.GetValue(attempts), "--attempts"),
                FixRounds = parse.GetValue(fixRounds) >= 0 ? parse.GetValue(fixRounds) : throw new UsageException("--fix-rounds cannot be negative."),
                StallAfter = TimeoutOption.Parse("--stall-after", parse.GetValue(stallAfter)!),
                RetryBackoff = TimeoutOption.Parse("--retry-backoff", parse.GetValue(retryBackoff)!),
            };
            var request = await RequestAsync(
                repoRoot, parse.GetValue(stateDir), parse.GetValue(gatesDir), parse.GetValue(driver)!, parse.GetValue(agent), parse.GetValue(approval)!,
                parse.GetValue(worktreeRoot), options, cancellationToken);
            request = request with { Tasks = list, TasksFile = Path.GetFullPath(file), BaseRef = parse.GetValue(baseRef), ReuseResults = !parse.GetValue(noReuse) };
            foreach (var task in list)
            {
                if (TaskGateRound.Unknown(task, request.DeclaredGates) is { Count: > 0 } unknown)
                {
                    throw new UsageException($"{file}: task '{task.Id}': field 'gates' names {string.Join(", ", unknown)}, not declared in the repository (declared: {(request.DeclaredGates.Gates.Count == 0 ? "none" : string.Join(", ", request.DeclaredGates.Gates.Select(g => g.Name)))}).");
                }
            }

            using var view = new Rendering.TeamProgressView(Console.Error, Rendering.ProgressView.IsInteractiveTerminal(), TimeProvider.System);
            TeamRunResult result;
            try
            {
                result = await new TeamRun(TimeProvider.System).StartAsync(request, view.OnEvent, cancellationToken);
            }
            catch (GitException ex)
            {
                throw new UsageException(ex.Message, ex);
            }

            view.Dispose();
            return TeamOutput.Report(result, parse.GetValue(json), cancellationToken.IsCancellationRequested);
        });
        return command;
    }

    /// <summary>The request every team command builds the same way: gates discovered, agent and policy resolved.</summary>
    internal static async Task<TeamRunRequest> RequestAsync(
        string repoRoot, string? stateDir, string? gatesDir, string driver, string? agent, string approval, string? worktreeRoot, TeamOptions options, CancellationToken cancellationToken)
    {
        if (driver is not (AgentCommandLine.Acp or AgentCommandLine.Wire))
        {
            throw new UsageException($"--driver '{driver}' is not acp or wire.");
        }

        var policy = AgentCommandLine.Policy(approval);

        var agentName = agent ?? (driver == AgentCommandLine.Wire ? "kimi-wire" : "kimi");
        GateSet declared;
        try
        {
            var selection = new GateSelection { GatesDirectory = gatesDir };
            declared = await GateSources.DiscoverAsync(GateSources.For(selection), selection, repoRoot, cancellationToken);
        }
        catch (GateConfigurationException ex)
        {
            throw new UsageException(ex.Message, ex);
        }

        return new TeamRunRequest
        {
            RepoRoot = repoRoot,
            StateRoot = stateDir,
            Options = options,
            Agent = agentName,
            Driver = driver,
            Policy = policy,
            WorktreeRoot = worktreeRoot is null ? null : Path.GetFullPath(worktreeRoot),
            DeclaredGates = declared,
            Price = BudgetOptions.Price(),
            CodeGates = new CurrentProgramCodeGateLauncher(),
            AgentLauncher = workingDirectory =>
            {
                var (command, protocol) = AgentCommandLine.Resolve(agentName, workingDirectory);
                protocol = agentName is "kimi" or "kimi-wire" ? protocol : driver;
                return new AgentLaunch(command, AgentDrivers.For(agentName, command, protocol));
            },
        };
    }

    private static int Positive(int value, string option) => value >= 1 ? value : throw new UsageException($"{option} must be at least 1 (got {value}).");
}
