using System.Text.Json;
using Omk.Events;
using Omk.Events.Payloads;
using Omk.Storage;
using Omk.Tests.Storage;
using Omk.Testing;

namespace Omk.Tests.Events;

/// <summary>Secrets in payloads never reach <c>events.jsonl</c>; ordinary text does, unchanged.</summary>
public sealed class EventRedactionTests
{
    private const string DeclaredSecret = "hunter2-secret";

    private static readonly EventFactory Factory = new(new RunId("run-redaction"), TimeProvider.System);

    private static string[] Secrets =>
    [
        SecretRedactorTests.OpenAiKey, SecretRedactorTests.MoonshotKey, SecretRedactorTests.GitHubToken,
        SecretRedactorTests.BearerToken, "abcdef123456", "correct-horse-battery", "plain looking value", "MIIEowIBAAKCAQEA1c2d3e4f5g6h7i8j9k0",
        DeclaredSecret,
    ];

    [Fact]
    public async Task Secrets_in_payloads_never_reach_the_file()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine(EventSchema.FileName);
        var options = new EventWriterOptions { Redactor = new SecretRedactor([DeclaredSecret]) };

        await using (var writer = EventWriter.Open(path, options))
        {
            writer.Append(Factory.TaskOutput(new TaskOutputPayload(
                Message: $"using {SecretRedactorTests.OpenAiKey} and {SecretRedactorTests.MoonshotKey}",
                WorkerId: "worker-0",
                OutputSummary: $"git clone https://x-access-token:{SecretRedactorTests.GitHubToken}@github.com/o/r")));
            writer.Append(Factory.CommandFinished(new CommandFinishedPayload(
                "build", "build", $"curl -H \"Authorization: Bearer {SecretRedactorTests.BearerToken}\" https://api", 0, false,
                "api_key=abcdef123456", "{\"password\": \"correct-horse-battery\"}", OutputPath: null)));
            writer.Append(Factory.Message(EventKind.TaskOutput, "wrote key:\n" + SecretRedactorTests.PemBlock + "\ndone"));
            writer.Append(Factory.Message(EventKind.HookTriggered, $"login as admin / {DeclaredSecret}"));

            // Structured payloads: secret-named properties, nested objects and arrays.
            writer.Append(new Event(EventId.New(), Factory.RunId, DateTimeOffset.UtcNow, EventKind.TaskOutput, "worker-1", JsonDocument.Parse(
                $$"""
                {"wire_event":"tool_call","arguments":{"env":{"API_KEY":"abcdef123456","password":"correct-horse-battery","GH_TOKEN":"plain looking value","HOME":"/home/dev"},
                 "argv":["deploy","--secret={{DeclaredSecret}}","{{SecretRedactorTests.OpenAiKey}}"]},"max_tokens":"4096","count":3,"ok":true,"none":null}
                """).RootElement));
        }

        var text = await File.ReadAllTextAsync(path);
        foreach (var secret in Secrets)
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        }

        Assert.Contains(SecretRedactor.Mask, text, StringComparison.Ordinal);

        var (events, stats) = EventReader.ReadAll(path);
        Assert.Equal(5, events.Count);
        Assert.Equal(0, stats.SkippedLines);

        // What is not secret survives: names, structure, numbers, ordinary strings.
        Assert.Equal("git clone https://x-access-token:[REDACTED]@github.com/o/r", events[0].PayloadString("output_summary"));
        Assert.Equal("api_key=[REDACTED]", events[1].PayloadString("stdout_summary"));
        Assert.Equal("{\"password\": \"[REDACTED]\"}", events[1].PayloadString("stderr_summary"));
        Assert.Equal("wrote key:\n[REDACTED]\ndone", events[2].PayloadString("message"));
        Assert.Equal("login as admin / [REDACTED]", events[3].PayloadString("message"));
        var structured = events[4].Payload!.Value;
        Assert.Equal("tool_call", structured.GetProperty("wire_event").GetString());
        Assert.Equal("/home/dev", structured.GetProperty("arguments").GetProperty("env").GetProperty("HOME").GetString());
        Assert.Equal(SecretRedactor.Mask, structured.GetProperty("arguments").GetProperty("env").GetProperty("API_KEY").GetString());
        Assert.Equal(SecretRedactor.Mask, structured.GetProperty("arguments").GetProperty("env").GetProperty("password").GetString());
        Assert.Equal(SecretRedactor.Mask, structured.GetProperty("arguments").GetProperty("env").GetProperty("GH_TOKEN").GetString());
        Assert.Equal("4096", structured.GetProperty("max_tokens").GetString());
        Assert.Equal("deploy", structured.GetProperty("arguments").GetProperty("argv")[0].GetString());
        Assert.Equal(3, structured.GetProperty("count").GetInt32());
        Assert.True(structured.GetProperty("ok").GetBoolean());
        Assert.Equal(JsonValueKind.Null, structured.GetProperty("none").ValueKind);
    }

    [Fact]
    public async Task Ordinary_payload_text_is_written_unchanged()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine(EventSchema.FileName);
        var ordinary = new TaskOutputPayload(
            Message: "tokens: 1234; used 125000 tokens, input_tokens=900 at commit 3f2a9c1e4b5d6f708192a3b4c5d6e7f8091a2b3c",
            TaskId: "0b0f8a52-3c1e-4d6a-9f7e-1a2b3c4d5e01",
            WorkerId: "worker-0",
            OutputSummary: "/home/dev/src/omk/src/Omk.Runtime/Events/EventWriter.cs(42,13): error CS0103",
            WireEvent: "ContentPart",
            WireMethod: "session/update");

        await using (var writer = EventWriter.Open(path, new EventWriterOptions { Redactor = new SecretRedactor([DeclaredSecret]) }))
        {
            writer.Append(Factory.TaskOutput(ordinary));
            writer.Append(Factory.GatePassed(new GateResultPayload(
                "test", "test", true, "dotnet test --nologo", 0, false, "Passed! - Failed: 0, Passed: 87", Tags: ["tests", "token-budget"],
                Evidence: new Dictionary<string, string> { ["tokens"] = "1234", ["secret_scan"] = "clean" })));
        }

        var events = EventReader.Read(path).ToList();
        Assert.Equal(ordinary, events[0].PayloadAs(EventJsonContext.Default.TaskOutputPayload));
        var gate = events[1].PayloadAs(EventJsonContext.Default.GateResultPayload)!;
        Assert.Equal("Passed! - Failed: 0, Passed: 87", gate.StdoutSummary);
        Assert.Equal(["tests", "token-budget"], gate.Tags!);
        Assert.Equal("1234", gate.Evidence!["tokens"]);
        Assert.Equal("clean", gate.Evidence!["secret_scan"]);
    }

    [Fact]
    public void Default_writer_options_redact_with_patterns()
    {
        Assert.Same(SecretRedactor.Default, new EventWriterOptions().Redactor);
    }
}
