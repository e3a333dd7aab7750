using System.Diagnostics;
using System.Globalization;

namespace Omk.Testing;

/// <summary>A real <c>omk</c> process left running, for tests that signal or kill it mid-run.</summary>
public sealed class LiveOmk : IDisposable
{
    private readonly Process _process;
    private readonly Task<string> _stdout;
    private readonly Task<string> _stderr;

    private LiveOmk(Process process)
    {
        _process = process;
        _stdout = process.StandardOutput.ReadToEndAsync();
        _stderr = process.StandardError.ReadToEndAsync();
    }

    public int Pid => _process.Id;

    public static LiveOmk Start(string workingDirectory, params string[] args) => Start(workingDirectory, new Dictionary<string, string>(), args);

    public static LiveOmk Start(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        start.ArgumentList.Add(RepoPaths.OmkDll);
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["CI"] = "true";
        start.Environment.Remove("OMK_STATE_DIR");
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start)!;
        process.StandardInput.Close();
        return new LiveOmk(process);
    }

    /// <summary>Sends a signal by name (TERM, HUP, INT, KILL) with the kill program.</summary>
    public void Signal(string name) => Send(name, Pid);

    public static void Send(string name, int pid)
    {
        using var kill = Process.Start("kill", ["-" + name, pid.ToString(CultureInfo.InvariantCulture)])!;
        kill.WaitForExit();
    }

    public async Task<ChildProcess.Result> WaitAsync(TimeSpan limit)
    {
        using var cts = new CancellationTokenSource(limit);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"omk did not exit in {limit}.\n{await _stdout}\n{await _stderr}");
        }

        return new ChildProcess.Result(_process.ExitCode, await _stdout, await _stderr);
    }

    /// <summary>Waits until <paramref name="path"/> exists and holds <paramref name="text"/>.</summary>
    public static async Task WaitForTextAsync(string path, string text, TimeSpan limit)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < limit)
        {
            try
            {
                if (File.Exists(path) && (await File.ReadAllTextAsync(path)).Contains(text, StringComparison.Ordinal))
                {
                    return;
                }
            }
            catch (IOException)
            {
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"'{text}' did not appear in {path} within {limit}.");
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
    }
}
