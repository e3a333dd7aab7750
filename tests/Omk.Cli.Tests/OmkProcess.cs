using Omk.Testing;

namespace Omk.Tests;

/// <summary>Runs the real <c>omk</c> CLI (the built omk.dll, from its own output folder) as a child process.</summary>
public static class OmkProcess
{
    public static string DllPath => RepoPaths.OmkDll;

    /// <summary>Runs omk; a null value in <paramref name="environment"/> removes that variable.</summary>
    public static Task<ChildProcess.Result> RunAsync(string workingDirectory, IReadOnlyDictionary<string, string?>? environment, params string[] args)
    {
        var set = new Dictionary<string, string>();
        var removed = new List<string>();
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                removed.Add(key);
            }
            else
            {
                set[key] = value;
            }
        }

        return ChildProcess.RunAsync("dotnet", [DllPath, .. args], workingDirectory, set, TimeSpan.FromMinutes(3), removed);
    }

    public static Task<ChildProcess.Result> RunAsync(string workingDirectory, params string[] args) => RunAsync(workingDirectory, null, args);
}
