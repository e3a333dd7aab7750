// Part of Omk.Nuke (source package): runs the omk tool for the IOmkProof target. No Nuke types here.
#nullable enable
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text.Json;

namespace Omk.Nuke;

/// <summary>What the OmkProof target asks of omk.</summary>
public sealed record OmkProofSettings
{
    public string? GatesDirectory { get; init; }

    public string? GateFilter { get; init; }

    public int Parallel { get; init; } = 1;

    /// <summary>Timeout of each gate that declares none (omk's <c>--timeout</c>), e.g. <c>10m</c>.</summary>
    public string? GateTimeout { get; init; }

    /// <summary>Run every gate, even one whose inputs match a passed result in the cache (omk's <c>--no-reuse</c>).</summary>
    public bool NoReuse { get; init; }

    /// <summary>Incremental selection: per-project gates run only for projects the change reaches (omk's <c>--affected</c>).</summary>
    public bool Affected { get; init; }

    public bool FailOnNotReady { get; init; } = true;

    /// <summary>A path to omk.dll (run with dotnet) or an executable; default: <c>dotnet omk</c> (local tool).</summary>
    public string? Tool { get; init; }
}

/// <summary>What omk reported: its exit code, the verdict and the proof.</summary>
public sealed record OmkProofOutcome(int ExitCode, string Status, string? Summary, string? ProofPath);

/// <summary>The proof is not ready, or omk could not run the gates; the message says why.</summary>
public sealed class OmkProofException : Exception
{
    public OmkProofException(string message)
        : base(message)
    {
    }

    public OmkProofException()
    {
    }

    public OmkProofException(string message, Exception inner)
        : base(message, inner)
    {
    }
}

/// <summary>Runs <c>omk proof --result-file</c> in the repository and reads the outcome it writes.</summary>
public static class OmkProofRunner
{
    public static OmkProofOutcome Run(string repoRoot, OmkProofSettings settings)
    {
        var resultFile = Path.Combine(Path.GetTempPath(), $"omk-nuke-{Guid.NewGuid():N}.json");
        var (program, arguments) = Command(settings.Tool);
        arguments.AddRange(["proof", "--repo", repoRoot, "--result-file", resultFile, "--parallel", settings.Parallel.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        if (!string.IsNullOrWhiteSpace(settings.GatesDirectory))
        {
            arguments.AddRange(["--gates-dir", settings.GatesDirectory!]);
        }

        if (!string.IsNullOrWhiteSpace(settings.GateFilter))
        {
            arguments.AddRange(["--filter", settings.GateFilter!]);
        }

        if (!string.IsNullOrWhiteSpace(settings.GateTimeout))
        {
            arguments.AddRange(["--timeout", settings.GateTimeout!]);
        }

        if (settings.NoReuse)
        {
            arguments.Add("--no-reuse");
        }

        if (settings.Affected)
        {
            arguments.Add("--affected");
        }

        var start = StartInfo(program, arguments, repoRoot, redirectOutput: false);

        int exitCode;
        try
        {
            using var process = Process.Start(start) ?? throw new OmkProofException($"Could not start '{program}'.");
            process.WaitForExit();
            exitCode = process.ExitCode;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new OmkProofException($"Could not start the omk tool '{program}' ({ex.Message}); install it with 'dotnet tool install Omk.Tool' or set OmkTool.", ex);
        }

        if (!File.Exists(resultFile))
        {
            throw new OmkProofException($"omk exited with code {exitCode} without a result; see its output above.");
        }

        using var document = JsonDocument.Parse(File.ReadAllBytes(resultFile));
        File.Delete(resultFile);
        var result = document.RootElement;
        if (!result.TryGetProperty("status", out var status))
        {
            var message = Text(result, "message") ?? "the gates could not be loaded; see the errors above";
            throw new OmkProofException($"omk: {message}");
        }

        var outcome = new OmkProofOutcome(exitCode, status.GetString() ?? "failed", Text(result, "summary"), Text(result, "proof_md"));
        Console.WriteLine($"Omk proof: {outcome.Status}. {outcome.Summary} Proof: {outcome.ProofPath}");
        // partial: a gate filter left gates out and every selected gate passed; the line above says "partial".
        if (outcome.Status is not ("ready" or "partial") && settings.FailOnNotReady)
        {
            throw new OmkProofException($"The Omk proof is {outcome.Status}: {outcome.Summary} See {outcome.ProofPath}.");
        }

        return outcome;
    }

    /// <summary>The omk command of a <c>Tool</c> setting (also the goal runner's): a dll run with dotnet, an executable, or <c>dotnet omk</c>.</summary>
    internal static (string Program, List<string> Arguments) Command(string? tool)
    {
        tool ??= Environment.GetEnvironmentVariable("OMK_TOOL");
        if (string.IsNullOrWhiteSpace(tool))
        {
            return ("dotnet", ["omk"]);
        }

        return tool!.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) ? ("dotnet", [tool]) : (tool, []);
    }

    private static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>
    /// How the components start omk: in the repository, with <c>OMK_HOST=nuke</c> (omk then names Nuke's parameters,
    /// e.g. the timeout as coming from OmkGateTimeout). This source-only package cannot use Omk.Runtime's process runner;
    /// omk is the one child it waits for, and omk owns every process it starts (gates, agents) and kills their trees on
    /// timeout, cancel, signal and exit.
    /// </summary>
    internal static ProcessStartInfo StartInfo(string program, IEnumerable<string> arguments, string repoRoot, bool redirectOutput)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = repoRoot,
            UseShellExecute = false,
            RedirectStandardOutput = redirectOutput,
            RedirectStandardError = redirectOutput,
        };
        start.Environment["OMK_HOST"] = "nuke";
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }
}
