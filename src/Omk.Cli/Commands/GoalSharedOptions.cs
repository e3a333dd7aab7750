using System.CommandLine;
using Omk.Git;
using Omk.Goals;
using Omk.Teams;

namespace Omk.Cli.Commands;

/// <summary>The options every command that drives a goal takes (agents, driver, policy, base, places), and the drive itself.</summary>
public sealed class SharedOptions
{
    private readonly Option<int> _agents = new("--agents") { Description = "Workers at once (default 2).", DefaultValueFactory = _ => 2 };
    private readonly Option<string> _driver = new("--driver") { Description = "acp (Kimi Code CLI, default) or wire (legacy kimi-cli).", DefaultValueFactory = _ => "acp" };
    private readonly Option<string?> _agent = new("--agent") { Description = "The agent: kimi, kimi-wire, or an ACP agent's command line.", HelpName = "AGENT" };
    private readonly Option<string> _approval = new("--approval") { Description = "The workers' policy: never, safe, yolo or pattern:REGEX (planner and reviewer are always read-only).", DefaultValueFactory = _ => "never" };
    private readonly Option<string?> _base = new("--base") { Description = "The commit the goal starts from (default HEAD).", HelpName = "REF" };
    private readonly Option<string?> _worktreeRoot = new("--worktree-root") { Description = "Where worktrees go (default $XDG_STATE_HOME/omk/worktrees).", HelpName = "DIR" };
    private readonly Option<string?> _gatesDir = new("--gates-dir") { Description = "The folder of gate scripts (default: gates/).", HelpName = "DIR" };
    private readonly Option<string?> _repo = CommonOptions.Repo();
    private readonly Option<string?> _stateDir = CommonOptions.StateDir();
    private readonly Option<bool> _json = CommonOptions.Json("Print the result as one JSON object on stdout (goal_id, status, reason, next, branch, commit, base, run_dir, proof_json, proof_md, pull_request_url).");

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { _agents, _driver, _agent, _approval, _base, _worktreeRoot, _gatesDir, _repo, _stateDir, _json })
        {
            command.Add(option);
        }
    }

    public async Task<int> RunAsync(ParseResult parse, GoalRequest request, string? planFile, CancellationToken cancellationToken, Func<GoalResultJson, int>? exit = null)
    {
        var repoRoot = await RepoLocation.ResolveAsync(parse.GetValue(_repo), cancellationToken);
        var agents = parse.GetValue(_agents) >= 1 ? parse.GetValue(_agents) : throw new UsageException($"--agents must be at least 1 (got {parse.GetValue(_agents)}).");
        var team = await TeamRunCommand.RequestAsync(
            repoRoot, parse.GetValue(_stateDir), parse.GetValue(_gatesDir), parse.GetValue(_driver)!, parse.GetValue(_agent), parse.GetValue(_approval)!,
            parse.GetValue(_worktreeRoot), new TeamOptions { Agents = agents, FixRounds = request.Settings.FixRounds }, cancellationToken);
        if (planFile is not null)
        {
            if (!File.Exists(planFile))
            {
                throw new UsageException($"{planFile}: cannot be read (no such file).");
            }

            var answer = GoalPlanAnswer.Validate(await File.ReadAllTextAsync(planFile, cancellationToken), team.DeclaredGates, planFile);
            request = request with { Plan = answer.Tasks ?? throw new UsageException(answer.Error!) };
        }

        request = request with
        {
            BaseRef = parse.GetValue(_base),
            Settings = request.Settings with
            {
                Agents = agents,
                Driver = team.Driver,
                Agent = team.Agent,
                Approval = parse.GetValue(_approval)!,
                PlanFile = planFile is null ? null : Path.GetFullPath(planFile),
                WorktreeRoot = team.WorktreeRoot,
                GatesDir = parse.GetValue(_gatesDir),
            },
        };
        GoalResultJson result;
        try
        {
            result = await new GoalController(Environment(team), TimeProvider.System).StartAsync(request, cancellationToken);
        }
        catch (GitException ex)
        {
            throw new UsageException(ex.Message, ex);
        }

        var code = GoalOutput.Report(result, parse.GetValue(_json));
        return exit?.Invoke(result) ?? code;
    }

    /// <summary>The controller's environment for a team request: the token for pull requests and progress on stderr.</summary>
    public static GoalEnvironment Environment(TeamRunRequest team) => new(team)
    {
        GitHubToken = System.Environment.GetEnvironmentVariable("GITHUB_TOKEN"),
        Progress = line => Console.Error.WriteLine("omk goal: " + line),
    };
}
