using System.Text.Json;
using Omk.Events;
using Omk.Testing;

namespace Omk.Agents.Tests.Support;

/// <summary>
/// A team run setup with the real kimi: a git repository, an isolated kimi home pointed at one routed fake LLM (each task's
/// prompt carries its route marker, so its agent gets its own script), and omk run as a process with its state and its
/// worktrees in temp directories, so the repository's work tree stays untouched.
/// </summary>
public sealed class KimiTeam : IAsyncDisposable
{
    private readonly TempDirectory _root;

    private KimiTeam(TempDirectory root, TempGitRepo repo, FakeLlm llm, Dictionary<string, string> environment)
    {
        _root = root;
        Repo = repo;
        Llm = llm;
        Environment = environment;
    }

    public TempGitRepo Repo { get; }

    public FakeLlm Llm { get; }

    public Dictionary<string, string> Environment { get; }

    public string StateDir => _root.Combine("state");

    public string WorktreeRoot => _root.Combine("worktrees");

    public string TasksFile => _root.Combine("tasks.json");

    public static async Task<KimiTeam> CreateAsync(IReadOnlyDictionary<string, FakeAnswer[]> routes)
    {
        var tools = await AgentTools.EnsureAsync();
        var root = new TempDirectory("omk-team-kimi");
        var llm = await FakeLlm.StartRoutedAsync(routes);
        var codeHome = root.Combine("home", ".kimi-code");
        Directory.CreateDirectory(codeHome);
        await llm.WriteKimiConfigAsync(codeHome);
        var environment = KimiEnvironment.Isolated(root.Combine("home"), codeHome, tools);
        return new KimiTeam(root, new TempGitRepo(), llm, environment);
    }

    /// <summary>A task whose prompt routes its agent's model calls to the script named <paramref name="id"/>.</summary>
    public static string Task(string id, string prompt, string writeSet, string? acceptance = null, string? dependsOn = null) =>
        $$"""{"id":"{{id}}","title":"{{id}}","prompt":"{{FakeLlm.RouteMarker(id)}} {{prompt}}","write_set":["{{writeSet}}"]{{(acceptance is null ? "" : $$""","acceptance":["{{acceptance}}"]""")}}{{(dependsOn is null ? "" : $$""","depends_on":[{{dependsOn}}]""")}}}""";

    public void WriteTasks(params string[] tasks) => File.WriteAllText(TasksFile, $$"""{"tasks":[{{string.Join(",", tasks)}}]}""");

    /// <summary>The arguments of <c>omk team run</c> for this setup; the approval policy is yolo unless <paramref name="extra"/> gives one.</summary>
    public string[] Args(params string[] extra) =>
        ["team", "run", "--tasks", TasksFile, "--state-dir", StateDir, "--worktree-root", WorktreeRoot, "--json", .. extra.Contains("--approval") ? [] : new[] { "--approval", "yolo" }, .. extra];

    public Task<ChildProcess.Result> OmkAsync(params string[] args) =>
        ChildProcess.RunAsync("dotnet", [RepoPaths.OmkDll, .. args], Repo.Path, Environment, TimeSpan.FromMinutes(4));

    public static JsonElement Json(ChildProcess.Result result) => JsonDocument.Parse(result.Stdout).RootElement;

    public static JsonElement TaskOf(JsonElement result, string id) =>
        result.GetProperty("tasks").EnumerateArray().Single(t => t.GetProperty("id").GetString() == id);

    public static IReadOnlyList<Event> Events(string runDir) => EventReader.ReadAll(Path.Combine(runDir, EventSchema.FileName)).Events;

    public async ValueTask DisposeAsync()
    {
        await Llm.DisposeAsync();
        Repo.Dispose();
        _root.Dispose();
    }
}
