using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Omk.Agents;
using Omk.Processes;
using Omk.Agents.Approvals;

namespace Omk.Cli.Commands;

/// <summary><c>omk agent run "&lt;prompt&gt;"</c>: one agent turn with its own run directory, events, transcript and a summary line.</summary>
public static class AgentRunCommand
{
    public static Command Create()
    {
        var prompt = new Argument<string>("prompt") { Description = "What the agent should do." };
        var agent = new Option<string>("--agent")
        {
            Description = "kimi (Kimi Code CLI over ACP), kimi-wire (legacy kimi-cli over Wire), or the command line of another ACP agent.",
            DefaultValueFactory = _ => "kimi",
        };
        var approval = new Option<string>("--approval")
        {
            Description = "never (ask a human; rejected when none answers), safe (read-only tools allowed), yolo (all allowed, logged), pattern:REGEX.",
            DefaultValueFactory = _ => "never",
        };
        var approvalTimeout = new Option<string>("--approval-timeout")
        {
            Description = "How long a human has to answer a permission request (default 5m).",
            DefaultValueFactory = _ => "5m",
        };
        var dir = new Option<string?>("--dir") { Description = "The agent's working directory (default: the current directory).", HelpName = "DIR" };
        var timeout = new Option<string?>("--timeout") { Description = "Stop the turn after this long, e.g. 10m.", HelpName = "DURATION" };
        var price = new Option<string?>("--price")
        {
            Description = "USD per million tokens as INPUT/OUTPUT, e.g. 2/8 (default: the price table, see docs/goals.md); cache reads cost a quarter of input.",
            HelpName = "IN/OUT",
        };
        var resume = new Option<string?>("--resume")
        {
            Description = "Continue an earlier session of the agent (its id is printed after each run): ACP session/resume, or kimi-wire's --session.",
            HelpName = "SESSION",
        };
        var stateDir = CommonOptions.StateDir();
        var json = CommonOptions.Json("Print the outcome as JSON instead of the reply and summary.");
        var run = new Command("run", "Run one agent turn (exit 0 when it ended normally, 1 otherwise, 2 usage error).")
        {
            prompt, agent, approval, approvalTimeout, dir, timeout, price, resume, stateDir, json,
        };
        run.SetAction((parse, cancellationToken) => RunAsync(
            parse.GetValue(prompt)!, parse.GetValue(agent)!, parse.GetValue(approval)!, parse.GetValue(approvalTimeout)!,
            parse.GetValue(dir), parse.GetValue(timeout), parse.GetValue(price), parse.GetValue(resume), parse.GetValue(stateDir), parse.GetValue(json), cancellationToken));

        var command = new Command("agent", "Drive a coding agent (Kimi over ACP or Wire) with an approval policy, recording every fact.");
        command.Add(run);
        return command;
    }

    private static async Task<int> RunAsync(
        string prompt, string agent, string approval, string approvalTimeout, string? dir, string? timeout, string? price, string? resume, string? stateDir, bool json,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(prompt))
        {
            throw new UsageException("the prompt is empty.");
        }

        var workingDirectory = Path.GetFullPath(dir ?? Directory.GetCurrentDirectory());
        if (!Directory.Exists(workingDirectory))
        {
            throw new UsageException($"--dir '{dir}' does not exist.");
        }

        var policy = AgentCommandLine.Policy(approval);

        var answerWithin = TimeoutOption.Parse("--approval-timeout", approvalTimeout);
        TimeSpan? turnTimeout = timeout is null ? null : TimeoutOption.Parse("--timeout", timeout);

        if (resume is not null && string.IsNullOrWhiteSpace(resume))
        {
            throw new UsageException("--resume needs the id of the session to continue.");
        }

        var (command, protocol) = AgentCommandLine.Resolve(agent, workingDirectory, resume);
        var interactive = !Console.IsInputRedirected && !Console.IsErrorRedirected;
        var options = new AgentRunOptions
        {
            Prompt = prompt,
            WorkingDirectory = workingDirectory,
            StateRoot = stateDir,
            Policy = policy,
            Channel = interactive ? new ConsoleApprovalChannel(Console.In, Console.Error) : new NoHumanChannel(),
            ApprovalTimeout = answerWithin,
            TurnTimeout = turnTimeout,
            Price = ParsePrice(price),
        };

        var reply = new Rendering.RedactedLineWriter(Console.Out, Storage.SecretRedactor.FromEnvironment());
        var result = await new AgentRun(TimeProvider.System).RunAsync(
            options, command, AgentDrivers.For(agent, command, protocol, resume), json ? null : update => Show(update, reply), cancellationToken);
        reply.Flush();
        if (json)
        {
            WriteJson(result);
        }
        else
        {
            Console.Out.WriteLine();
            Console.Out.WriteLine(result.Summary);
            Console.Out.WriteLine($"run: {result.Run.Path}");
            if (result.SessionId is { } session)
            {
                Console.Out.WriteLine($"session: {session} (continue it with --resume {session})");
            }
        }

        return result.Turn.Succeeded ? ExitCodes.Ready : ExitCodes.NotReady;
    }

    private static void Show(AgentUpdate update, Rendering.RedactedLineWriter reply)
    {
        switch (update)
        {
            case AgentMessageChunk chunk:
                reply.Write(chunk.Text);
                break;
            case AgentToolCall call when call.Status is "pending" or "completed" or "failed":
                Console.Error.WriteLine($"omk: tool {call.Tool ?? call.ToolCallId} {call.Status}{(call.Paths.Count == 0 ? string.Empty : " " + string.Join(", ", call.Paths))}");
                break;
        }
    }

    private static TokenPrice ParsePrice(string? text)
    {
        if (text is null)
        {
            return BudgetOptions.Price();
        }

        var parts = text.Split('/');
        if (parts.Length == 2
            && decimal.TryParse(parts[0], NumberStyles.Number, CultureInfo.InvariantCulture, out var input)
            && decimal.TryParse(parts[1], NumberStyles.Number, CultureInfo.InvariantCulture, out var output)
            && input >= 0 && output >= 0)
        {
            return new TokenPrice(input, output, input / 4, input);
        }

        throw new UsageException($"--price '{text}' is not INPUT/OUTPUT in USD per million tokens (example: 2/8).");
    }

    private static void WriteJson(AgentRunResult result)
    {
        using var writer = new Utf8JsonWriter(Console.OpenStandardOutput(), Storage.JsonFileOptions.Writer(indented: true));
        writer.WriteStartObject();
        writer.WriteString("run_id", result.Run.RunId.Value);
        writer.WriteString("run_dir", result.Run.Path);
        writer.WriteString("stop_reason", result.Turn.StopReason);
        writer.WriteBoolean("succeeded", result.Turn.Succeeded);
        if (result.Turn.FailureReason is { } failure)
        {
            writer.WriteString("failure_reason", failure);
        }

        writer.WriteString("text", result.Turn.Text);
        writer.WriteNumber("tool_calls", result.Turn.ToolCalls.Count);
        writer.WriteNumber("files_changed", result.FilesChanged);
        writer.WriteNumber("input_tokens", result.Usage.TotalInput);
        writer.WriteNumber("output_tokens", result.Usage.Output);
        writer.WriteNumber("cost_usd", result.CostUsd);
        writer.WriteString("transcript", result.TranscriptPath);
        if (result.SessionId is { } session)
        {
            writer.WriteString("session_id", session);
        }

        writer.WriteString("summary", result.Summary);
        if (result.Info is { } info)
        {
            writer.WriteString("agent", $"{info.Name} {info.Version} ({info.Protocol})");
        }

        writer.WriteEndObject();
        writer.Flush();
        Console.Out.WriteLine();
    }
}
