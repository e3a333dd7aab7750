using System.Text.Json;
using System.Text.Json.Nodes;
using Omk.Events;
using Omk.Testing;

namespace Omk.Agents.Tests.Support;

/// <summary>
/// A goal setup with the real kimi: a <see cref="KimiTeam"/> (repository, isolated kimi home, routed fake LLM, omk as a
/// process) whose repository declares real gates (<c>gates/checks.fsx</c>), and whose fake LLM routes the controller's
/// planner and reviewer turns (recognised by their headings) to the routes <c>planner</c> and <c>reviewer</c>.
/// </summary>
public sealed class KimiGoal : IAsyncDisposable
{
    private static readonly string SharedCache = Path.Combine(Path.GetTempPath(), "omk-goal-tests-cache");

    private KimiGoal(KimiTeam team) => Team = team;

    public KimiTeam Team { get; }

    public TempGitRepo Repo => Team.Repo;

    public FakeLlm Llm => Team.Llm;

    /// <summary>Creates the setup; <paramref name="gates"/> is the body of <c>gates/checks.fsx</c> (after <c>open Omk.Gates</c>).</summary>
    public static async Task<KimiGoal> CreateAsync(IReadOnlyDictionary<string, FakeAnswer[]> routes, string gates)
    {
        var team = await KimiTeam.CreateAsync(routes);
        team.Llm.RouteByPhrase("You are the planner of an Omk goal.", "planner");
        team.Llm.RouteByPhrase("You are the reviewer of an Omk goal.", "reviewer");
        team.Environment["XDG_CACHE_HOME"] = SharedCache; // compiled gate scripts, keyed by content: shared by the tests
        team.Repo.Write("gates/checks.fsx", "open Omk.Gates\n\n" + gates);
        team.Repo.Commit("gates");
        return new KimiGoal(team);
    }

    /// <summary>A fenced json answer, as the planner or the reviewer gives it.</summary>
    public static FakeAnswer Fenced(string json) => FakeAnswer.Say($"Here it is.\n\n```json\n{json}\n```\n");

    public static FakeAnswer Approve(string extra = "") => Fenced($$"""{"verdict":"approve","findings":[]{{extra}}}""");

    /// <summary>A task whose agent follows the route <paramref name="id"/>; no gates of its own (the goal verifies the integrated tree).</summary>
    public static string Task(string id, string prompt, string writeSet, string? dependsOn = null) =>
        $$"""{"id":"{{id}}","title":"{{id}}","prompt":"{{FakeLlm.RouteMarker(id)}} {{prompt}}","write_set":["{{writeSet}}"],"gates":[]{{(dependsOn is null ? "" : $$""","depends_on":["{{dependsOn}}"]""")}}}""";

    public static string Plan(params string[] tasks) => $$"""{"tasks":[{{string.Join(",", tasks)}}]}""";

    public static FakeAnswer[] WriteThenDone(string path, string content) =>
    [
        FakeAnswer.Call("Write", new JsonObject { ["path"] = path, ["content"] = content }, $"Writing {path}."),
        FakeAnswer.Say("Done."),
    ];

    public string[] Args(string goal, params string[] extra) =>
        ["goal", "run", goal, "--state-dir", Team.StateDir, "--worktree-root", Team.WorktreeRoot, "--json", .. extra.Contains("--approval") ? [] : new[] { "--approval", "yolo" }, .. extra];

    public string[] Control(params string[] args) => [.. args, "--state-dir", Team.StateDir];

    public Task<ChildProcess.Result> OmkAsync(params string[] args) => Team.OmkAsync(args);

    public static JsonElement Json(ChildProcess.Result result) => JsonDocument.Parse(result.Stdout).RootElement;

    public static IReadOnlyList<Event> Events(string runDir) => KimiTeam.Events(runDir);

    /// <summary>The <c>goal_*</c> steps of a goal's log, by their <c>wire_event</c>.</summary>
    public static IReadOnlyList<Event> Steps(string runDir, string step) =>
        Events(runDir).Where(e => e.Kind == EventKind.TaskOutput && e.PayloadString("wire_event") == step).ToList();

    public static JsonElement Proof(ChildProcess.Result result) =>
        JsonDocument.Parse(File.ReadAllText(Json(result).GetProperty("proof_json").GetString()!)).RootElement;

    public ValueTask DisposeAsync() => Team.DisposeAsync();
}
