using System.Diagnostics;
using System.Text;
using Omk.Processes;

namespace Omk.Agents;

/// <summary>
/// An agent child process in its own process group (launchers such as <c>kimi</c> leave children behind
/// otherwise): line-oriented stdin/stdout, a bounded stderr tail, exit detection, and a stop that ends the
/// whole group.
/// </summary>
public sealed class AgentProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly bool _ownsGroup;
    private readonly StringBuilder _stderr = new();
    private readonly object _stderrLock = new();
    private readonly Task _stderrPump;
    private int _stopped;

    private AgentProcess(Process process, bool ownsGroup)
    {
        _process = process;
        _ownsGroup = ownsGroup;
        Exited = process.WaitForExitAsync().ContinueWith(_ => process.ExitCode, TaskScheduler.Default);
        _stderrPump = Task.Run(PumpStderrAsync);
    }

    public int ProcessId => _process.Id;

    /// <summary>Completes with the exit code when the process ends, for whatever reason.</summary>
    public Task<int> Exited { get; }

    public bool HasExited => Exited.IsCompleted;

    /// <summary>The last few KiB the agent wrote on stderr.</summary>
    public string StderrTail
    {
        get
        {
            lock (_stderrLock)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>Starts the agent; a program that cannot start is an <see cref="AgentStartException"/> naming it.</summary>
    public static AgentProcess Start(AgentCommand command)
    {
        if (!Directory.Exists(command.WorkingDirectory))
        {
            throw new AgentStartException($"The agent's working directory '{command.WorkingDirectory}' does not exist.");
        }

        var info = new ProcessStartInfo
        {
            WorkingDirectory = command.WorkingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = new UTF8Encoding(false),
            StandardErrorEncoding = new UTF8Encoding(false),
        };
        var located = ProgramLocator.Locate(command.Program, command.WorkingDirectory, Environment(command, "PATH"), out var error)
            ?? throw new AgentStartException(error ?? $"The agent program '{command.Program}' was not found.");
        var launcher = ChildLauncher.Default;
        launcher.Prepare(info, located);
        foreach (var argument in command.Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in command.Environment)
        {
            if (value is null)
            {
                info.Environment.Remove(key);
            }
            else
            {
                info.Environment[key] = value;
            }
        }

        var process = new Process { StartInfo = info };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            process.Dispose();
            throw new AgentStartException($"The agent '{command.CommandLine}' could not start in '{command.WorkingDirectory}': {ex.Message}", ex);
        }

        process.StandardInput.AutoFlush = false;
        return new AgentProcess(process, launcher.OwnsGroup);
    }

    /// <summary>Reads the next line from the agent's stdout; null at end of stream.</summary>
    public Task<string?> ReadLineAsync(CancellationToken cancellationToken) =>
        _process.StandardOutput.ReadLineAsync(cancellationToken).AsTask();

    /// <summary>Writes one line to the agent's stdin.</summary>
    public async Task WriteLineAsync(string line, CancellationToken cancellationToken)
    {
        await _process.StandardInput.WriteAsync(line.AsMemory(), cancellationToken).ConfigureAwait(false);
        await _process.StandardInput.WriteAsync("\n".AsMemory(), cancellationToken).ConfigureAwait(false);
        await _process.StandardInput.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Closes the agent's stdin, which agents take as "shut down"; it then exits on its own.</summary>
    public void CloseInput()
    {
        try
        {
            _process.StandardInput.Close();
        }
        catch (IOException)
        {
            // Its end of the pipe is gone already.
        }
    }

    /// <summary>Closes stdin (agents treat it as "shut down"), waits up to <paramref name="grace"/>, then kills the group.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            await Exited.ConfigureAwait(false);
            return;
        }

        CloseInput();
        if (await Task.WhenAny(Exited, Task.Delay(grace)).ConfigureAwait(false) != Exited)
        {
            Kill();
        }

        // The launcher may have exited while its child lives on in the group: end the group either way.
        Kill();
        await Task.WhenAny(Exited, Task.Delay(TimeSpan.FromSeconds(5))).ConfigureAwait(false);
    }

    /// <summary>Kills the agent and everything in its process group now.</summary>
    public void Kill()
    {
        try
        {
            ProcessTreeKiller.Kill(_process, _ownsGroup);
        }
        catch (InvalidOperationException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
        await Task.WhenAny(_stderrPump, Task.Delay(TimeSpan.FromSeconds(1))).ConfigureAwait(false);
        _process.Dispose();
    }

    private async Task PumpStderrAsync()
    {
        var buffer = new char[4096];
        try
        {
            int read;
            while ((read = await _process.StandardError.ReadAsync(buffer).ConfigureAwait(false)) > 0)
            {
                lock (_stderrLock)
                {
                    _stderr.Append(buffer, 0, read);
                    if (_stderr.Length > 16 * 1024)
                    {
                        _stderr.Remove(0, _stderr.Length - 16 * 1024);
                    }
                }
            }
        }
        catch (IOException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private static string? Environment(AgentCommand command, string name) =>
        command.Environment.TryGetValue(name, out var value) ? value : System.Environment.GetEnvironmentVariable(name);
}
