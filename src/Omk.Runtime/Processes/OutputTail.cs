using System.Text;

namespace Omk.Processes;

/// <summary>The last N bytes of a stream, in a fixed ring buffer.</summary>
internal sealed class OutputTail
{
    private readonly byte[] _buffer;
    private int _next;     // where the next byte goes
    private bool _wrapped; // the buffer is full and _next is also the oldest byte

    public OutputTail(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        _buffer = new byte[capacity];
    }

    public void Append(ReadOnlySpan<byte> data)
    {
        var capacity = _buffer.Length;
        if (capacity == 0 || data.IsEmpty)
        {
            return;
        }

        if (data.Length >= capacity)
        {
            data[^capacity..].CopyTo(_buffer);
            _next = 0;
            _wrapped = true;
            return;
        }

        var first = Math.Min(data.Length, capacity - _next);
        data[..first].CopyTo(_buffer.AsSpan(_next));
        var rest = data.Length - first;
        if (rest > 0)
        {
            data[first..].CopyTo(_buffer);
            _next = rest;
            _wrapped = true;
        }
        else
        {
            _next += first;
            if (_next == capacity)
            {
                _next = 0;
                _wrapped = true;
            }
        }
    }

    /// <summary>The kept bytes as UTF-8 text; when older bytes were dropped, a character cut in half at the
    /// start is dropped too.</summary>
    public override string ToString()
    {
        byte[] bytes;
        if (_wrapped)
        {
            bytes = new byte[_buffer.Length];
            var older = _buffer.AsSpan(_next);
            older.CopyTo(bytes);
            _buffer.AsSpan(0, _next).CopyTo(bytes.AsSpan(older.Length));
        }
        else
        {
            bytes = _buffer.AsSpan(0, _next).ToArray();
        }

        var start = 0;
        if (_wrapped)
        {
            // Skip UTF-8 continuation bytes (10xxxxxx) left from a character whose start was dropped.
            while (start < bytes.Length && start < 3 && (bytes[start] & 0xC0) == 0x80)
            {
                start++;
            }
        }

        return Encoding.UTF8.GetString(bytes, start, bytes.Length - start);
    }
}
