using System.Diagnostics;

namespace Omk.Tasks.Tests;

/// <summary>Runs the real <c>dotnet</c> CLI as a child process, with MSBuild's and omk's environment cleaned.</summary>
public static class Dotnet
{
    public sealed record Result(string CommandLine, int ExitCode, string Output, TimeSpan Elapsed)
    {
        /// <summary>stdout and stderr, interleaved in the order they arrived, split into lines.</summary>
        public IReadOnlyList<string> Lines => Output.Split('\n').Select(l => l.TrimEnd('\r')).ToList();

        public override string ToString() => $"$ {CommandLine}\nexit {ExitCode} after {Elapsed.TotalSeconds:0.0} s\n{Output}";
    }

    /// <summary>Runs <c>dotnet args...</c> in <paramref name="workingDirectory"/>; stops it (whole tree) after 4 minutes.</summary>
    public static Task<Result> RunAsync(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args) =>
        RunAsync(workingDirectory, environment, TimeSpan.FromMinutes(4), args);

    /// <summary>Runs <c>dotnet args...</c> in <paramref name="workingDirectory"/>; stops it (whole tree) after <paramref name="limit"/>.</summary>
    public static Task<Result> RunAsync(string workingDirectory, IReadOnlyDictionary<string, string>? environment, TimeSpan limit, params string[] args) =>
        RunAsync("dotnet", args, $"dotnet {string.Join(' ', args)}", workingDirectory, environment, limit);

    /// <summary>
    /// Runs <c>dotnet args...</c> on a pseudo-terminal (util-linux <c>script</c>), as a user at a terminal does: what
    /// MSBuild's terminal logger shows there, escape sequences included.
    /// </summary>
    public static Task<Result> RunOnTerminalAsync(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var command = "dotnet " + string.Join(' ', args.Select(a => "'" + a.Replace("'", "'\\''", StringComparison.Ordinal) + "'"));
        var terminal = new Dictionary<string, string>(environment ?? new Dictionary<string, string>()) { ["TERM"] = "xterm-256color", ["CI"] = "false" };
        return RunAsync("script", ["-qec", command, "/dev/null"], command + " (on a pseudo-terminal)", workingDirectory, terminal, TimeSpan.FromMinutes(4));
    }

    private static async Task<Result> RunAsync(string program, IReadOnlyList<string> args, string commandLine, string workingDirectory, IReadOnlyDictionary<string, string>? environment, TimeSpan limit)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        // The test host may run under `dotnet test`, whose MSBuild leaks its own paths into the environment; a user's
        // shell has none of them. No build server or node outlives a test, and omk keeps its state in the repository.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.Ordinal) || k == "MSBUILD_EXE_PATH").ToList())
        {
            start.Environment.Remove(key);
        }

        start.Environment.Remove("OMK_STATE_DIR");
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["CI"] = "true";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var output = new System.Text.StringBuilder();
        var clock = Stopwatch.StartNew();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{commandLine} did not finish in {limit.TotalMinutes:0} minutes:\n{Text(output)}");
        }

        process.WaitForExit(); // the end of both redirected streams
        return new Result(commandLine, process.ExitCode, Text(output), clock.Elapsed);
    }

    private static void Append(System.Text.StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.Append(line).Append('\n');
        }
    }

    private static string Text(System.Text.StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }
}
