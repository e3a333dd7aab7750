using System.Diagnostics;

namespace Omk.Tests;

/// <summary>Runs the real <c>omk</c> CLI (the built omk.dll) as a child process.</summary>
public static class OmkProcess
{
    /// <summary>
    /// The omk.dll in src/Omk.Cli's own output folder (same configuration as the tests), where its deps file and
    /// dependencies agree; a copy inside the net10.0 test folder would not.
    /// </summary>
    public static string DllPath { get; } = Locate();

    private static string Locate()
    {
        var testDirectory = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = testDirectory.Parent?.Name ?? "Debug"; // bin/<Configuration>/net10.0
        for (var dir = testDirectory; dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Omk.sln")))
            {
                var dll = Path.Combine(dir.FullName, "src", "Omk.Cli", "bin", configuration, "net8.0", "omk.dll");
                return File.Exists(dll) ? dll : throw new FileNotFoundException($"omk.dll was not built at {dll}.");
            }
        }

        throw new FileNotFoundException($"Omk.sln not found above {AppContext.BaseDirectory}.");
    }

    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
    }

    public static async Task<Result> RunAsync(string workingDirectory, IReadOnlyDictionary<string, string?>? environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        start.ArgumentList.Add(DllPath);
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["CI"] = "true";
        start.Environment.Remove(Runs.RunStore.StateDirVariable);
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                start.Environment.Remove(key);
            }
            else
            {
                start.Environment[key] = value;
            }
        }

        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return new Result(process.ExitCode, await stdout, await stderr);
    }

    public static Task<Result> RunAsync(string workingDirectory, params string[] args) => RunAsync(workingDirectory, null, args);
}
