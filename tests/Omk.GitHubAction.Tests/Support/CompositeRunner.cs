using Omk.Testing;
using System.Text.RegularExpressions;

namespace Omk.GitHubAction.Tests.Support;

/// <summary>
/// Runs the composite steps of action.yml the way the runner does, without Docker or a runner: each step's
/// <c>env:</c> evaluated (only the expressions action.yml may use: inputs, github.action_path, github.token,
/// steps.ID.outputs.NAME, env.NAME), a fresh <c>GITHUB_OUTPUT</c> per step, and the script run as
/// <c>bash --noprofile --norc -eo pipefail FILE</c> in the workspace. A step's <c>if:</c> is evaluated (<c>always()</c>,
/// <c>==</c>, <c>!=</c> and <c>&amp;&amp;</c>); after a failing step only <c>always()</c> steps run, as on the runner.
/// The only <c>uses:</c> steps are <c>actions/cache/restore</c> and <c>actions/cache/save</c>, played against an
/// <see cref="ActionCacheStore"/>.
/// </summary>
public static partial class CompositeRunner
{
    public sealed record StepResult(string Id, int ExitCode, string Log, IReadOnlyDictionary<string, string> Outputs, bool Skipped = false);

    public sealed record Result(IReadOnlyList<StepResult> Steps, IReadOnlyDictionary<string, string> ActionOutputs)
    {
        public string Log => string.Join("\n", Steps.Select(s => $"--- step {s.Id} ({(s.Skipped ? "skipped" : $"exit {s.ExitCode}")})\n{s.Log}"));

        /// <summary>The step with this id (it ran or was skipped).</summary>
        public StepResult Step(string id) => Steps.Single(s => s.Id == id);

        /// <summary>The steps that ran (not skipped), in order.</summary>
        public IReadOnlyList<StepResult> Ran => Steps.Where(s => !s.Skipped).ToList();
    }

    public static async Task<Result> RunAsync(ActionYaml action, IReadOnlyDictionary<string, string> with, ActionHarness runner, IReadOnlyDictionary<string, string> jobEnvironment, ActionCacheStore? caches = null)
    {
        var inputs = ActionYaml.Keys(action.Inputs).ToDictionary(
            name => name,
            name => with.TryGetValue(name, out var given) ? given : ActionYaml.Scalar((YamlDotNet.RepresentationModel.YamlMappingNode)action.Inputs[name], "default") ?? string.Empty);
        var stepOutputs = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        var results = new List<StepResult>();
        var index = 0;
        var failed = false;
        foreach (var step in action.Steps)
        {
            var id = ActionYaml.Scalar(step, "id") ?? $"step{index}";
            index++;
            var condition = ActionYaml.Scalar(step, "if");
            var always = condition?.Contains("always()", StringComparison.Ordinal) == true;
            if ((failed && !always) || (condition is not null && !Condition(condition, inputs, stepOutputs, runner, jobEnvironment)))
            {
                stepOutputs[id] = new Dictionary<string, string>();
                results.Add(new StepResult(id, 0, string.Empty, stepOutputs[id], Skipped: true));
                continue;
            }

            if (ActionYaml.Scalar(step, "uses") is { } uses)
            {
                var cacheWith = ActionYaml.Map(step, "with").ToDictionary(p => p.Key, p => Evaluate(p.Value, inputs, stepOutputs, runner, jobEnvironment));
                var cacheOutputs = Cache(uses, cacheWith, caches ?? throw new InvalidOperationException($"step {id} uses {uses}: give the run an ActionCacheStore"));
                stepOutputs[id] = cacheOutputs;
                results.Add(new StepResult(id, 0, $"{uses} {string.Join(' ', cacheWith.Select(p => $"{p.Key}={p.Value}"))}", cacheOutputs));
                continue;
            }

            Assert.Equal("bash", ActionYaml.Scalar(step, "shell"));
            var outputFile = Path.Combine(runner.RunnerDirectory, $"output-{id}.txt");
            File.WriteAllText(outputFile, string.Empty);
            var scriptFile = Path.Combine(runner.RunnerDirectory, $"step-{id}.sh");
            File.WriteAllText(scriptFile, ActionYaml.Scalar(step, "run"));
            var environment = new Dictionary<string, string>(runner.Environment, StringComparer.Ordinal);
            environment.Remove(ActionInputs.TokenVariable); // only the step's own env may carry it
            foreach (var (key, value) in jobEnvironment)
            {
                environment[key] = value;
            }

            environment["GITHUB_OUTPUT"] = outputFile;
            environment["GITHUB_ACTION_PATH"] = ActionProgramLocation.RepoRoot;
            foreach (var (key, value) in ActionYaml.Map(step, "env"))
            {
                environment[key] = Evaluate(value, inputs, stepOutputs, runner, jobEnvironment);
            }

            var result = await ChildProcess.RunAsync("bash", ["--noprofile", "--norc", "-eo", "pipefail", scriptFile], runner.Repo.Path, environment, TimeSpan.FromMinutes(5));
            var outputs = OutputFileParser.Parse(File.ReadAllText(outputFile));
            stepOutputs[id] = outputs;
            results.Add(new StepResult(id, result.ExitCode, result.Stdout + result.Stderr, outputs));
            failed |= result.ExitCode != 0;
        }

        var actionOutputs = ActionYaml.Keys(action.Outputs).ToDictionary(
            name => name,
            name => Evaluate(ActionYaml.Scalar((YamlDotNet.RepresentationModel.YamlMappingNode)action.Outputs[name], "value")!, inputs, stepOutputs, runner, jobEnvironment));
        return new Result(results, actionOutputs);
    }

    private static IReadOnlyDictionary<string, string> Cache(string uses, IReadOnlyDictionary<string, string> with, ActionCacheStore caches)
    {
        var action = uses.Split('@')[0];
        Assert.Matches("^[0-9a-f]{40} *(#.*)?$", uses.Split('@')[1]); // pinned by commit
        var paths = with["path"].Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var path = Assert.Single(paths);
        return action switch
        {
            "actions/cache/restore" => caches.Restore(with["key"], with.TryGetValue("restore-keys", out var r) ? r.Split('\n', StringSplitOptions.TrimEntries) : [], path),
            "actions/cache/save" => caches.Save(with["key"], path) ? new Dictionary<string, string>() : new Dictionary<string, string> { ["skipped"] = "true" },
            _ => throw new InvalidOperationException($"the simulated runner does not know the action {uses}"),
        };
    }

    // Terms joined by &&: always(), or VALUE == 'literal' / VALUE != 'literal' where VALUE is an expression path.
    private static bool Condition(string condition, Dictionary<string, string> inputs, Dictionary<string, IReadOnlyDictionary<string, string>> steps, ActionHarness runner, IReadOnlyDictionary<string, string> job) =>
        condition.Split("&&", StringSplitOptions.TrimEntries).All(term =>
        {
            if (term == "always()")
            {
                return true;
            }

            var m = ConditionTerm().Match(term);
            if (!m.Success)
            {
                throw new InvalidOperationException($"the simulated runner does not know the condition '{term}'");
            }

            var value = Evaluate("${{ " + m.Groups["path"].Value + " }}", inputs, steps, runner, job);
            return (value == m.Groups["literal"].Value) == (m.Groups["op"].Value == "==");
        });

    private static string Evaluate(string value, Dictionary<string, string> inputs, Dictionary<string, IReadOnlyDictionary<string, string>> steps, ActionHarness runner, IReadOnlyDictionary<string, string> job) =>
        Expression().Replace(value, m =>
        {
            var expression = m.Groups["e"].Value;
            var parts = expression.Split('.');
            return parts switch
            {
                ["inputs", var name] => inputs.TryGetValue(name, out var v) ? Evaluate(v, inputs, steps, runner, job) : throw new InvalidOperationException($"action.yml uses an unknown input: {expression}"),
                ["github", "action_path"] => ActionProgramLocation.RepoRoot,
                ["github", "token"] => runner.Environment[ActionInputs.TokenVariable],
                ["steps", var id, "outputs", var name] => steps.TryGetValue(id, out var o) && o.TryGetValue(name, out var v) ? v : string.Empty,
                ["env", var name] => job.TryGetValue(name, out var v) ? v : string.Empty,
                _ => throw new InvalidOperationException($"the simulated runner does not know the expression ${{{{ {expression} }}}}"),
            };
        });

    [GeneratedRegex(@"^(?<path>[A-Za-z0-9_.-]+)\s*(?<op>==|!=)\s*'(?<literal>[^']*)'$")]
    private static partial Regex ConditionTerm();

    [GeneratedRegex(@"\$\{\{\s*(?<e>[^}]+?)\s*\}\}")]
    private static partial Regex Expression();
}
