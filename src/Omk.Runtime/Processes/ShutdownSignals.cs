using System.Runtime.InteropServices;

namespace Omk.Processes;

/// <summary>
/// Turns SIGINT, SIGTERM and SIGHUP (Ctrl+C, a CI cancel, a closed terminal) into a cancellation, so a run stops its
/// processes and writes its proof instead of dying. The first signal cancels <see cref="Token"/>; a second one is left
/// to the default action (the process ends at once), for a user who does not want to wait. The exit code of an
/// interrupted command is 128 + the signal's number (130, 143, 129), as shells report it.
/// </summary>
public sealed class ShutdownSignals : IDisposable
{
    private readonly CancellationTokenSource _cancel = new();
    private readonly List<PosixSignalRegistration> _registrations = [];
    private int _received;

    public ShutdownSignals()
    {
        foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP })
        {
            try
            {
                _registrations.Add(PosixSignalRegistration.Create(signal, OnSignal));
            }
            catch (PlatformNotSupportedException)
            {
                // SIGHUP has no meaning on Windows; Ctrl+C and the others still register.
            }
        }
    }

    public CancellationToken Token => _cancel.Token;

    /// <summary>The first signal received, if any.</summary>
    public PosixSignal? Received
    {
        get
        {
            var received = Volatile.Read(ref _received);
            return received == 0 ? null : (PosixSignal)received;
        }
    }

    /// <summary>What the signal is called in messages: <c>SIGTERM</c>; null when none came.</summary>
    public string? ReceivedName => Received switch
    {
        PosixSignal.SIGINT => "SIGINT",
        PosixSignal.SIGTERM => "SIGTERM",
        PosixSignal.SIGHUP => "SIGHUP",
        null => null,
        var other => other.ToString(),
    };

    /// <summary>128 + the signal's number: 130 for SIGINT, 143 for SIGTERM, 129 for SIGHUP; null when none came.</summary>
    public int? ExitCode => Received switch
    {
        PosixSignal.SIGINT => 130,
        PosixSignal.SIGTERM => 143,
        PosixSignal.SIGHUP => 129,
        null => null,
        _ => 130,
    };

    private void OnSignal(PosixSignalContext context)
    {
        if (Interlocked.CompareExchange(ref _received, (int)context.Signal, 0) != 0)
        {
            return; // the second signal: the default action ends the process now
        }

        context.Cancel = true;
        _cancel.Cancel();
    }

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _cancel.Dispose();
    }
}
