using System.Text;

namespace Omk.Processes;

/// <summary>
/// Where whole lines of both streams meet: the log file and the <see cref="ProcessSpec.OnOutput"/>
/// callback. One lock orders them, so a line is never split by a line of the other stream.
/// After <see cref="Close"/>, late writes (from a reader that was given up on) are dropped.
/// </summary>
internal sealed class ProcessOutputSink : IDisposable
{
    private static readonly byte[] NewLine = "\n"u8.ToArray();

    private readonly object _gate = new();
    private FileStream? _log;
    private string? _logPath;
    private readonly Func<string, string>? _redact;
    private Utf8Predicate? _mayNeedRedaction;
    private Action<ProcessOutputLine>? _onOutput;

    private ProcessOutputSink(FileStream? log, Action<ProcessOutputLine>? onOutput, Func<string, string>? redact)
    {
        _log = log;
        _onOutput = onOutput;
        _redact = redact;
    }

    /// <summary>True when someone wants lines: a log or a callback.</summary>
    public bool WantsLines => _log is not null || _onOutput is not null;

    /// <summary>Creates the log file (and its directory) when <paramref name="logPath"/> is set, writing the header.</summary>
    public static ProcessOutputSink Open(
        string? logPath, string commandLine, string workingDirectory, Action<ProcessOutputLine>? onOutput, Func<string, string>? redact = null, Utf8Predicate? mayNeedRedaction = null)
    {
        FileStream? log = null;
        if (logPath is not null)
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(logPath));
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }

            log = new FileStream(logPath, FileMode.Create, FileAccess.ReadWrite, FileShare.Read | FileShare.Delete, bufferSize: 64 * 1024);
            var header = $"$ {commandLine}\n# cwd: {workingDirectory}\n\n";
            log.Write(Encoding.UTF8.GetBytes(redact is null ? header : redact(header)));
        }

        return new ProcessOutputSink(log, onOutput, redact) { _logPath = logPath, _mayNeedRedaction = mayNeedRedaction };
    }

    /// <summary>
    /// Writes <paramref name="head"/> followed by <paramref name="block"/>, which together are whole lines
    /// of <paramref name="stream"/> (or one over-long piece of a line).
    /// </summary>
    public void WriteLines(ProcessOutputStream stream, ReadOnlySpan<byte> head, ReadOnlySpan<byte> block, bool endNewLine = false)
    {
        lock (_gate)
        {
            if (_log is not null)
            {
                try
                {
                    if (_redact is null || !WriteRedacted(head, block))
                    {
                        _log.Write(head);
                        _log.Write(block);
                    }

                    if (endNewLine)
                    {
                        _log.Write(NewLine);
                    }

                    // Each block of whole lines reaches the OS as it is read: a SIGKILL of Omk loses nothing already printed.
                    _log.Flush();
                }
                catch (IOException)
                {
                    // Disk full or similar: the run goes on; the log simply ends here.
                    CloseLog();
                }
            }

            if (_onOutput is not null)
            {
                Report(stream, head, block);
            }
        }
    }

    // Writes the redacted text when redaction changed it; false when the bytes can go out as they are.
    private bool WriteRedacted(ReadOnlySpan<byte> head, ReadOnlySpan<byte> block)
    {
        if (_mayNeedRedaction is { } filter && !filter(head) && !filter(block))
        {
            return false; // nothing any pattern could match: written as read, never decoded
        }

        var text = head.IsEmpty ? Encoding.UTF8.GetString(block) : Encoding.UTF8.GetString([.. head, .. block]);
        var redacted = _redact!(text);
        if (ReferenceEquals(redacted, text) || redacted == text)
        {
            return false;
        }

        _log!.Write(Encoding.UTF8.GetBytes(redacted));
        return true;
    }

    /// <summary>Writes the footer and closes the log; later writes are dropped.</summary>
    public void Close(string footer)
    {
        lock (_gate)
        {
            _onOutput = null;
            if (_log is null)
            {
                return;
            }

            try
            {
                _log.Write(Encoding.UTF8.GetBytes(footer + "\n"));
                _log.Flush();
                RestoreIfDeleted();
            }
            catch (IOException)
            {
                // Nothing more can be done about a log that cannot be written.
            }

            CloseLog();
        }
    }

    // The program deleted its own log while it ran (git clean -xfd of the state dir): the open file still holds it all.
    private void RestoreIfDeleted()
    {
        if (_logPath is null || File.Exists(_logPath))
        {
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(_logPath)!);
        using var restored = new FileStream(_logPath, FileMode.CreateNew, FileAccess.Write, FileShare.Read);
        _log!.Seek(0, SeekOrigin.Begin);
        _log.CopyTo(restored);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _onOutput = null;
            CloseLog();
        }
    }

    private void CloseLog()
    {
        try
        {
            _log?.Dispose();
        }
        catch (IOException)
        {
            // Flushing on close failed; the log ends where it could.
        }

        _log = null;
    }

    private void Report(ProcessOutputStream stream, ReadOnlySpan<byte> head, ReadOnlySpan<byte> block)
    {
        // The head is a pending partial line: it joins the first line of the block.
        var first = block.IndexOf((byte)'\n');
        var firstPart = first < 0 ? block : block[..first];
        var firstLine = head.IsEmpty ? Decode(firstPart) : Decode([.. head, .. firstPart]);
        if (!Invoke(stream, firstLine) || first < 0)
        {
            return;
        }

        var rest = block[(first + 1)..];
        while (!rest.IsEmpty)
        {
            var end = rest.IndexOf((byte)'\n');
            var line = end < 0 ? rest : rest[..end];
            if (!Invoke(stream, Decode(line)))
            {
                return;
            }

            rest = end < 0 ? default : rest[(end + 1)..];
        }
    }

    private bool Invoke(ProcessOutputStream stream, string text)
    {
        try
        {
            _onOutput?.Invoke(new ProcessOutputLine(stream, text));
            return _onOutput is not null;
        }
#pragma warning disable CA1031 // A faulty live view must not break the run; it is simply no longer called.
        catch (Exception)
#pragma warning restore CA1031
        {
            _onOutput = null;
            return false;
        }
    }

    private static string Decode(ReadOnlySpan<byte> line)
    {
        if (!line.IsEmpty && line[^1] == (byte)'\r')
        {
            line = line[..^1];
        }

        return Encoding.UTF8.GetString(line);
    }
}
