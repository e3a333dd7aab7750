using System.Text;

namespace Omk.Processes;

/// <summary>
/// Everything kept about one output stream, fed raw chunks as they are read: byte count, bounded tail,
/// first-lines summary, and whole lines passed on to the <see cref="ProcessOutputSink"/>. Memory is
/// bounded by the tail size plus one 64 KiB pending line, whatever the amount of output.
/// </summary>
internal sealed class OutputCapture
{
    /// <summary>A partial line longer than this is passed on anyway.</summary>
    public const int MaxPendingLine = 64 * 1024;

    private readonly object _gate = new();
    private readonly ProcessOutputStream _stream;
    private readonly ProcessOutputSink _sink;
    private readonly OutputTail _tail;
    private readonly OutputSummaryBuilder _summary = new();
    private readonly Decoder _decoder = new UTF8Encoding(false, false).GetDecoder();
    private readonly char[] _chars = new char[4096];
    private byte[]? _pending;
    private int _pendingLength;
    private long _bytes;
    private bool _detached;

    public OutputCapture(ProcessOutputStream stream, ProcessOutputSink sink, int tailBytes)
    {
        _stream = stream;
        _sink = sink;
        _tail = new OutputTail(tailBytes);
    }

    /// <summary>Feeds one chunk read from the stream.</summary>
    public void Append(ReadOnlySpan<byte> chunk)
    {
        lock (_gate)
        {
            if (_detached)
            {
                return;
            }

            _bytes += chunk.Length;
            _tail.Append(chunk);
            Summarize(chunk, flush: false);
            if (_sink.WantsLines)
            {
                Split(chunk);
            }
        }
    }

    /// <summary>The stream ended (or is given up on): passes on the last partial line and stops taking input.</summary>
    public void Complete()
    {
        lock (_gate)
        {
            if (_detached)
            {
                return;
            }

            _detached = true;
            Summarize([], flush: true);
            if (_pendingLength > 0)
            {
                _sink.WriteLines(_stream, _pending.AsSpan(0, _pendingLength), [], endNewLine: true);
                _pendingLength = 0;
            }
        }
    }

    public long Bytes
    {
        get
        {
            lock (_gate)
            {
                return _bytes;
            }
        }
    }

    public string Tail()
    {
        lock (_gate)
        {
            return _tail.ToString();
        }
    }

    public string Summary()
    {
        lock (_gate)
        {
            return _summary.Build();
        }
    }

    private void Summarize(ReadOnlySpan<byte> chunk, bool flush)
    {
        while (!_summary.IsComplete)
        {
            _decoder.Convert(chunk, _chars, flush, out var bytesUsed, out var charsUsed, out var completed);
            _summary.Append(_chars.AsSpan(0, charsUsed));
            chunk = chunk[bytesUsed..];
            if (completed && chunk.IsEmpty)
            {
                return;
            }
        }
    }

    private void Split(ReadOnlySpan<byte> chunk)
    {
        var lastNewLine = chunk.LastIndexOf((byte)'\n');
        if (lastNewLine >= 0)
        {
            _sink.WriteLines(_stream, _pending.AsSpan(0, _pendingLength), chunk[..(lastNewLine + 1)]);
            _pendingLength = 0;
            chunk = chunk[(lastNewLine + 1)..];
        }

        while (!chunk.IsEmpty)
        {
            _pending ??= new byte[MaxPendingLine];
            var take = Math.Min(chunk.Length, MaxPendingLine - _pendingLength);
            chunk[..take].CopyTo(_pending.AsSpan(_pendingLength));
            _pendingLength += take;
            chunk = chunk[take..];
            if (_pendingLength == MaxPendingLine)
            {
                _sink.WriteLines(_stream, _pending, []);
                _pendingLength = 0;
            }
        }
    }
}
