using Omk.Testing;
using System.Text.RegularExpressions;

namespace Omk.GitHubAction.Tests.Support;

/// <summary>
/// Runs the composite steps of action.yml the way the runner does, without Docker or a runner: each step's
/// <c>env:</c> evaluated (only the expressions action.yml may use: inputs, github.action_path, github.token,
/// steps.ID.outputs.NAME), a fresh <c>GITHUB_OUTPUT</c> per step, and the script run as
/// <c>bash --noprofile --norc -eo pipefail FILE</c> in the workspace. Stops at the first failing step, as the runner does.
/// </summary>
public static partial class CompositeRunner
{
    public sealed record StepResult(string Id, int ExitCode, string Log, IReadOnlyDictionary<string, string> Outputs);

    public sealed record Result(IReadOnlyList<StepResult> Steps, IReadOnlyDictionary<string, string> ActionOutputs)
    {
        public string Log => string.Join("\n", Steps.Select(s => $"--- step {s.Id} (exit {s.ExitCode})\n{s.Log}"));
    }

    public static async Task<Result> RunAsync(ActionYaml action, IReadOnlyDictionary<string, string> with, ActionHarness runner, IReadOnlyDictionary<string, string> jobEnvironment)
    {
        var inputs = ActionYaml.Keys(action.Inputs).ToDictionary(
            name => name,
            name => with.TryGetValue(name, out var given) ? given : ActionYaml.Scalar((YamlDotNet.RepresentationModel.YamlMappingNode)action.Inputs[name], "default") ?? string.Empty);
        var stepOutputs = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        var results = new List<StepResult>();
        var index = 0;
        foreach (var step in action.Steps)
        {
            var id = ActionYaml.Scalar(step, "id") ?? $"step{index}";
            index++;
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
                environment[key] = Evaluate(value, inputs, stepOutputs, runner);
            }

            var result = await ChildProcess.RunAsync("bash", ["--noprofile", "--norc", "-eo", "pipefail", scriptFile], runner.Repo.Path, environment, TimeSpan.FromMinutes(5));
            var outputs = OutputFileParser.Parse(File.ReadAllText(outputFile));
            stepOutputs[id] = outputs;
            results.Add(new StepResult(id, result.ExitCode, result.Stdout + result.Stderr, outputs));
            if (result.ExitCode != 0)
            {
                break;
            }
        }

        var actionOutputs = ActionYaml.Keys(action.Outputs).ToDictionary(
            name => name,
            name => Evaluate(ActionYaml.Scalar((YamlDotNet.RepresentationModel.YamlMappingNode)action.Outputs[name], "value")!, inputs, stepOutputs, runner));
        return new Result(results, actionOutputs);
    }

    private static string Evaluate(string value, Dictionary<string, string> inputs, Dictionary<string, IReadOnlyDictionary<string, string>> steps, ActionHarness runner) =>
        Expression().Replace(value, m =>
        {
            var expression = m.Groups["e"].Value;
            var parts = expression.Split('.');
            return parts switch
            {
                ["inputs", var name] => inputs.TryGetValue(name, out var v) ? Evaluate(v, inputs, steps, runner) : throw new InvalidOperationException($"action.yml uses an unknown input: {expression}"),
                ["github", "action_path"] => ActionProgramLocation.RepoRoot,
                ["github", "token"] => runner.Environment[ActionInputs.TokenVariable],
                ["steps", var id, "outputs", var name] => steps.TryGetValue(id, out var o) && o.TryGetValue(name, out var v) ? v : string.Empty,
                _ => throw new InvalidOperationException($"the simulated runner does not know the expression ${{{{ {expression} }}}}"),
            };
        });

    [GeneratedRegex(@"\$\{\{\s*(?<e>[^}]+?)\s*\}\}")]
    private static partial Regex Expression();
}
