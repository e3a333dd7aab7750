// Part of Omk.Nuke (source package): runs the omk tool for the IOmkGoal target. No Nuke types here.
#nullable enable
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Text.Json;

namespace Omk.Nuke;

/// <summary>What the OmkGoal target asks of omk (<c>omk goal run</c>'s options).</summary>
public sealed record OmkGoalSettings
{
    public string? Goal { get; init; }

    public string? Plan { get; init; }

    public int Agents { get; init; } = 2;

    public string? Agent { get; init; }

    public string? Approval { get; init; }

    public string? BudgetTime { get; init; }

    public long? BudgetTokens { get; init; }

    public decimal? BudgetUsd { get; init; }

    public string? Deliver { get; init; }

    public string? GatesDirectory { get; init; }

    public string? WorktreeRoot { get; init; }

    public bool FailOnNotReady { get; init; } = true;

    /// <summary>A path to omk.dll (run with dotnet) or an executable; default: <c>dotnet omk</c> (local tool).</summary>
    public string? Tool { get; init; }
}

/// <summary>How the goal ended, as <c>omk goal run --json</c> said: its exit code, status, reason, next command and where things are.</summary>
public sealed record OmkGoalOutcome(
    int ExitCode, string GoalId, string Status, string Reason, string? Next, string? Branch, string? Commit, string? RunDir, string? ProofPath, string? PullRequestUrl);

/// <summary>The goal did not end ready, or omk could not run it; the message says why (and what to run next).</summary>
public sealed class OmkGoalException : Exception
{
    public OmkGoalException(string message)
        : base(message)
    {
    }

    public OmkGoalException()
    {
    }

    public OmkGoalException(string message, Exception inner)
        : base(message, inner)
    {
    }
}

/// <summary>Runs <c>omk goal run "&lt;goal&gt;" --json</c> in the repository and reads the one JSON object it prints.</summary>
public static class OmkGoalRunner
{
    public static OmkGoalOutcome Run(string repoRoot, OmkGoalSettings settings)
    {
        if (string.IsNullOrWhiteSpace(settings.Goal))
        {
            throw new OmkGoalException("OmkGoalText is not set: say what the goal is (--omk-goal-text \"...\").");
        }

        var (program, arguments) = OmkProofRunner.Command(settings.Tool);
        arguments.AddRange(["goal", "run", settings.Goal!, "--repo", repoRoot, "--json", "--agents", settings.Agents.ToString(CultureInfo.InvariantCulture)]);
        Add(arguments, "--plan", settings.Plan is { Length: > 0 } plan ? Path.GetFullPath(Path.Combine(repoRoot, plan)) : null);
        Add(arguments, "--agent", settings.Agent);
        Add(arguments, "--approval", settings.Approval);
        Add(arguments, "--budget-time", settings.BudgetTime);
        Add(arguments, "--budget-tokens", settings.BudgetTokens?.ToString(CultureInfo.InvariantCulture));
        Add(arguments, "--budget-usd", settings.BudgetUsd?.ToString(CultureInfo.InvariantCulture));
        Add(arguments, "--deliver", settings.Deliver);
        Add(arguments, "--gates-dir", settings.GatesDirectory);
        Add(arguments, "--worktree-root", settings.WorktreeRoot);

        var start = OmkProofRunner.StartInfo(program, arguments, repoRoot, redirectOutput: true);

        string stdout;
        var lastError = string.Empty;
        int exitCode;
        try
        {
            using var process = Process.Start(start) ?? throw new OmkGoalException($"Could not start '{program}'.");
            // Progress goes to stderr: shown as it comes; its last line is omk's reason when there is no result.
            process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is { } line)
                {
                    Console.Error.WriteLine(line);
                    lastError = line.Length > 0 ? line : lastError;
                }
            };
            process.BeginErrorReadLine();
            stdout = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            exitCode = process.ExitCode;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new OmkGoalException($"Could not start the omk tool '{program}' ({ex.Message}); install it with 'dotnet tool install Omk.Tool' or set OmkTool.", ex);
        }

        JsonElement result;
        try
        {
            using var document = JsonDocument.Parse(stdout);
            result = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            throw new OmkGoalException(lastError.Length > 0 ? lastError : $"omk goal run exited with code {exitCode} without a result; see its output above.");
        }

        var outcome = new OmkGoalOutcome(
            exitCode,
            Text(result, "goal_id") ?? "?",
            Text(result, "status") ?? "failed",
            Text(result, "reason") ?? "no reason given",
            Text(result, "next"),
            Text(result, "branch"),
            Text(result, "commit"),
            Text(result, "run_dir"),
            Text(result, "proof_md"),
            Text(result, "pull_request_url"));
        Console.WriteLine($"Omk goal {outcome.GoalId}: {outcome.Status}: {outcome.Reason}. Proof: {outcome.ProofPath ?? "(none)"}{(outcome.Next is null ? string.Empty : ". Next: " + outcome.Next)}");
        if (outcome.Status != "ready" && settings.FailOnNotReady)
        {
            throw new OmkGoalException($"The Omk goal is {outcome.Status}: {outcome.Reason}.{(outcome.Next is null ? string.Empty : " Next: " + outcome.Next + ".")} See {outcome.ProofPath ?? outcome.RunDir}.");
        }

        return outcome;
    }

    private static void Add(List<string> arguments, string option, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            arguments.AddRange([option, value!]);
        }
    }

    private static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
