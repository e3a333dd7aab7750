using System.Text.Json;
using System.Text.Json.Nodes;
using Omk.Agents.Tests.Support;
using Omk.Events;
using Omk.Testing;

namespace Omk.Agents.Tests;

/// <summary>`omk agent run` and `omk doctor`, as a user runs them: the real omk process driving the real kimi acp.</summary>
public sealed class OmkAgentCommandTests
{
    private static async Task<(TempDirectory Root, FakeLlm Llm, Dictionary<string, string> Environment)> SetUpAsync(params FakeAnswer[] script)
    {
        var tools = await AgentTools.EnsureAsync();
        var root = new TempDirectory("omk-agent-cli");
        var llm = await FakeLlm.StartAsync(script);
        var codeHome = Path.Combine(root.Path, "home", ".kimi-code");
        Directory.CreateDirectory(codeHome);
        Directory.CreateDirectory(root.Combine("work"));
        await llm.WriteKimiConfigAsync(codeHome);
        var environment = KimiEnvironment.Isolated(root.Combine("home"), codeHome, tools);
        return (root, llm, environment);
    }

    private static Task<ChildProcess.Result> OmkAsync(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args) =>
        ChildProcess.RunAsync("dotnet", [RepoPaths.OmkDll, .. args], workingDirectory, environment, TimeSpan.FromMinutes(2));

    private static IReadOnlyList<Event> Events(string runDirectory) => EventReader.ReadAll(Path.Combine(runDirectory, EventSchema.FileName)).Events;

    [Fact]
    public async Task Agent_run_with_yolo_writes_the_file_and_records_the_whole_turn()
    {
        var (root, llm, environment) = await SetUpAsync(
            FakeAnswer.Call("Write", new JsonObject { ["path"] = "hello.txt", ["content"] = "hello from kimi\n" }, "Writing the file.") with { PromptTokens = 120, CompletionTokens = 12 },
            FakeAnswer.Say(" Done.") with { PromptTokens = 140, CompletionTokens = 3 });
        await using var _ = llm;
        using var __ = root;
        var result = await OmkAsync(root.Combine("work"), environment, "agent", "run", "Write hello.txt", "--approval", "yolo", "--json");
        Assert.True(result.ExitCode == 0, result.ToString());
        var outcome = JsonDocument.Parse(result.Stdout).RootElement;
        Assert.Equal("end_turn", outcome.GetProperty("stop_reason").GetString());
        Assert.Equal(1, outcome.GetProperty("files_changed").GetInt32());
        Assert.Equal(260, outcome.GetProperty("input_tokens").GetInt64());
        Assert.Equal(15, outcome.GetProperty("output_tokens").GetInt64());
        Assert.Equal("hello from kimi\n", File.ReadAllText(root.Combine("work", "hello.txt")));

        var runDirectory = outcome.GetProperty("run_dir").GetString()!;
        var events = Events(runDirectory);
        var kinds = events.Select(e => e.Kind.Value).ToList();
        Assert.Equal("run_started", kinds[0]);
        Assert.Contains("worker_started", kinds);
        Assert.Contains("task_started", kinds);
        Assert.Equal("policy:yolo", events.First(e => e.Kind == EventKind.ApprovalDecided).PayloadString("decided_by"));
        var changed = Assert.Single(events, e => e.Kind == EventKind.FileChanged);
        Assert.Equal("hello.txt", changed.PayloadString("path"));
        Assert.Equal("created", changed.PayloadString("operation"));
        Assert.Equal(2, events.Count(e => e.Kind == EventKind.TaskOutput && e.PayloadString("wire_event") == "usage"));
        Assert.Contains("Writing the file.", events.Single(e => e.Kind == EventKind.TaskOutput && e.PayloadString("wire_event") == "agent_message").PayloadString("message"));
        Assert.Contains("task_completed", kinds);
        Assert.Contains("run_completed", kinds);
        Assert.True(File.ReadAllLines(outcome.GetProperty("transcript").GetString()!).Length > 5);
    }

    [Fact]
    public async Task Agent_run_with_policy_never_and_no_human_rejects_the_write_and_records_why()
    {
        var (root, llm, environment) = await SetUpAsync(
            FakeAnswer.Call("Write", new JsonObject { ["path"] = "nope.txt", ["content"] = "must not exist\n" }),
            FakeAnswer.Say("I could not write it."));
        await using var _ = llm;
        using var __ = root;
        var result = await OmkAsync(root.Combine("work"), environment, "agent", "run", "Write nope.txt", "--json");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.False(File.Exists(root.Combine("work", "nope.txt")));
        var events = Events(JsonDocument.Parse(result.Stdout).RootElement.GetProperty("run_dir").GetString()!);
        var decided = Assert.Single(events, e => e.Kind == EventKind.ApprovalDecided);
        Assert.Equal("reject", decided.PayloadString("decision"));
        Assert.Equal("no-human", decided.PayloadString("decided_by"));
        Assert.DoesNotContain(events, e => e.Kind == EventKind.FileChanged);
    }

    [Fact]
    public async Task Agent_run_reports_a_provider_failure_as_a_failed_turn_with_exit_1()
    {
        var (root, llm, environment) = await SetUpAsync(FakeAnswer.Fail(400, "the scripted provider refuses"));
        await using var _ = llm;
        using var __ = root;
        var result = await OmkAsync(root.Combine("work"), environment, "agent", "run", "Say hi", "--approval", "yolo");
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("agent turn failed", result.Stdout, StringComparison.Ordinal);
        var run = Directory.GetDirectories(root.Combine("work", ".omk", "runs")).Single();
        Assert.Contains(Events(run), e => e.Kind == EventKind.RunFailed);
    }

    [Fact]
    public async Task Agent_run_resume_continues_the_kimi_session_of_an_earlier_run_and_counts_only_the_new_turn()
    {
        var (root, llm, environment) = await SetUpAsync(
            FakeAnswer.Say("Noted: PELICAN.") with { PromptTokens = 100, CompletionTokens = 5 },
            FakeAnswer.Say("The word was PELICAN.") with { PromptTokens = 180, CompletionTokens = 7 });
        await using var _ = llm;
        using var __ = root;
        var first = await OmkAsync(root.Combine("work"), environment, "agent", "run", "Remember the word PELICAN", "--approval", "yolo", "--json");
        Assert.True(first.ExitCode == 0, first.ToString());
        var session = JsonDocument.Parse(first.Stdout).RootElement.GetProperty("session_id").GetString()!;
        Assert.StartsWith("session_", session, StringComparison.Ordinal);

        var second = await OmkAsync(root.Combine("work"), environment, "agent", "run", "Which word did I ask you to remember?", "--approval", "yolo", "--resume", session, "--json");

        Assert.True(second.ExitCode == 0, second.ToString());
        var outcome = JsonDocument.Parse(second.Stdout).RootElement;
        Assert.Equal(session, outcome.GetProperty("session_id").GetString());
        Assert.Equal("The word was PELICAN.", outcome.GetProperty("text").GetString());
        Assert.Equal(180, outcome.GetProperty("input_tokens").GetInt64()); // this turn's call only, though the session log holds both
        Assert.Equal(7, outcome.GetProperty("output_tokens").GetInt64());
        Assert.Equal(2, llm.Served);
        Assert.Contains("Remember the word PELICAN", llm.ScriptedRequests[1], StringComparison.Ordinal); // the model saw the earlier turn

        var unknown = await OmkAsync(root.Combine("work"), environment, "agent", "run", "Hello?", "--approval", "yolo", "--resume", "session_does-not-exist");
        Assert.True(unknown.ExitCode == 1, unknown.ToString());
        Assert.Contains("session/resume", unknown.Stdout + unknown.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Agent_run_drives_another_acp_agent_given_its_command_line_and_records_its_reported_usage()
    {
        var tools = await AgentTools.EnsureAsync();
        using var root = new TempDirectory("omk-agent-cli");
        var script = Path.Combine(AppContext.BaseDirectory, "Fixtures", "minimal-acp-agent.mjs");
        var result = await OmkAsync(root.Path, new Dictionary<string, string>(), "agent", "run", "Read the notes", "--agent", $"{tools.Node} {script}", "--approval", "yolo", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var outcome = JsonDocument.Parse(result.Stdout).RootElement;
        Assert.Equal("minimal-acp-agent 0.0.1 (acp)", outcome.GetProperty("agent").GetString());
        Assert.Equal(160, outcome.GetProperty("input_tokens").GetInt64()); // 120 + 40 cache reads
        Assert.Equal(35, outcome.GetProperty("output_tokens").GetInt64());
        var usage = Assert.Single(Events(outcome.GetProperty("run_dir").GetString()!), e => e.Kind == EventKind.TaskOutput && e.Payload!.Value.TryGetProperty("input_tokens", out _));
        Assert.Equal(120, usage.Payload!.Value.GetProperty("input_tokens").GetInt64());
    }

    [Fact]
    public async Task Agent_run_with_an_agent_that_cannot_start_still_records_a_closed_failed_run()
    {
        using var root = new TempDirectory("omk-agent-cli");
        var result = await OmkAsync(root.Path, new Dictionary<string, string>(), "agent", "run", "Say hi", "--agent", "no-such-agent-omk acp", "--json");

        Assert.True(result.ExitCode == 1, result.ToString());
        var outcome = JsonDocument.Parse(result.Stdout).RootElement;
        Assert.Equal("failed", outcome.GetProperty("stop_reason").GetString());
        Assert.Contains("no-such-agent-omk", outcome.GetProperty("failure_reason").GetString(), StringComparison.Ordinal);
        var kinds = Events(outcome.GetProperty("run_dir").GetString()!).Select(e => e.Kind).ToList();
        Assert.Equal(EventKind.RunStarted, kinds[0]);
        Assert.Contains(EventKind.TaskFailed, kinds);
        Assert.Contains(EventKind.RunFailed, kinds);
        Assert.Equal(EventKind.ProofWritten, kinds[^1]);
    }

    [Fact]
    public async Task Secrets_in_the_agents_reply_never_reach_the_console_or_the_json_output()
    {
        const string ProviderKey = "sk-live0123456789abcdefghijklmnop";
        const string Declared = "s3cr3t-deploy-token-value-42";
        var (root, llm, environment) = await SetUpAsync(
            FakeAnswer.Say($"Your key is {ProviderKey}\nand the token is {Declared}."),
            FakeAnswer.Say($"Your key is {ProviderKey}\nand the token is {Declared}."));
        await using var _ = llm;
        using var __ = root;
        environment["DEPLOY_TOKEN"] = Declared; // a variable named like a secret: its value is declared secret
        var text = await OmkAsync(root.Combine("work"), environment, "agent", "run", "Tell me the secrets", "--approval", "yolo");
        Assert.True(text.ExitCode == 0, text.ToString());
        var json = await OmkAsync(root.Combine("work"), environment, "agent", "run", "Tell me the secrets", "--approval", "yolo", "--json");
        foreach (var output in new[] { text.Stdout, text.Stderr, json.Stdout, json.Stderr })
        {
            Assert.DoesNotContain(ProviderKey, output, StringComparison.Ordinal);
            Assert.DoesNotContain(Declared, output, StringComparison.Ordinal);
        }

        Assert.Contains("Your key is [REDACTED]", text.Stdout, StringComparison.Ordinal);
        Assert.Contains("[REDACTED]", JsonDocument.Parse(json.Stdout).RootElement.GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_finds_the_installed_kimi_its_protocol_and_the_configured_model()
    {
        var (root, llm, environment) = await SetUpAsync();
        await using var _ = llm;
        using var __ = root;
        var ok = await OmkAsync(root.Combine("work"), environment, "doctor", "--json");
        Assert.True(ok.ExitCode == 0, ok.ToString());
        var checks = JsonDocument.Parse(ok.Stdout).RootElement.EnumerateArray().ToDictionary(c => c.GetProperty("check").GetString()!, c => c);
        Assert.Contains("2.1.0", checks["kimi"].GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("ACP", checks["protocol"].GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("fake", checks["model"].GetProperty("detail").GetString(), StringComparison.Ordinal);

        var missing = await OmkAsync(root.Combine("work"), new Dictionary<string, string>(environment) { ["OMK_KIMI"] = "/no/such/kimi" }, "doctor");
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("npm install -g @moonshot-ai/kimi-code", missing.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("agent", "run", "hi", "--approval", "maybe")]
    [InlineData("agent", "run", "hi", "--dir", "/no/such/dir")]
    [InlineData("agent", "run", "hi", "--timeout", "soon")]
    [InlineData("agent", "run", "hi", "--price", "cheap")]
    [InlineData("agent", "run", "   ")]
    public async Task Agent_run_usage_errors_exit_2_before_starting_anything(params string[] args)
    {
        using var root = new TempDirectory("omk-agent-usage");
        var result = await OmkAsync(root.Path, new Dictionary<string, string> { ["OMK_KIMI"] = "/no/such/kimi" }, args);
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith("omk: ", result.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(root.Path, ".omk")));
    }
}
