using System.Diagnostics;

namespace Omk.Tests;

/// <summary>Runs the real <c>omk</c> CLI (the built omk.dll) as a child process.</summary>
public static class OmkProcess
{
    public static string DllPath
    {
        get
        {
            var local = Path.Combine(AppContext.BaseDirectory, "omk.dll");
            if (File.Exists(local) && File.Exists(Path.Combine(AppContext.BaseDirectory, "omk.runtimeconfig.json")))
            {
                return local;
            }

            throw new FileNotFoundException($"omk.dll (with its runtimeconfig) was not found next to the tests in {AppContext.BaseDirectory}.");
        }
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
