using System.Buffers;

namespace Omk.Events;

/// <summary>
/// The only writer of one <c>events.jsonl</c>. Producers on any thread serialize and redact their event
/// into a complete line, then queue it; a consumer thread of the writer's own appends queued lines in batches. A
/// barrier (<see cref="FlushAsync"/>, <see cref="CheckpointAsync"/>, which also fsyncs) and a producer that finds the
/// queue full write what is queued themselves, under the same lock as the consumer. So every line is whole, no two
/// lines interleave and lines keep their queue order, whatever the number of producers. There is no API that
/// truncates or rewrites the file.
/// </summary>
/// <remarks>
/// No channel, thread-pool task or async method: a short-lived <c>omk proof</c> then loads neither
/// System.Threading.Channels nor the thread pool, and JIT-compiles no async state machine of the writer's
/// (docs/performance.md, "Seventh pass"). A barrier completes before it returns: it waited for the consumer's
/// signal before, now it does the same write itself.
/// </remarks>
public sealed class EventWriter : IEventSink, IAsyncDisposable
{
    // Lock order: _io (the file, taken by whoever writes) before _queueLock (the queue, held only to add or swap).
    private readonly object _io = new();
    private readonly object _queueLock = new();
    private List<byte[]> _queued = [];
    private List<byte[]> _writing = [];
    private bool _completed;
    private bool _consumerWaiting;
    private int _queuedCount; // _queued.Count, for the consumer's spin outside the lock
    private FileStream _file;
    private bool _closed;
    private byte[]? _batch;
    private readonly EventWriterOptions _options;
    private long _appended;
    private int _disposed;
    private int _sealed;
    private Exception? _fault;

    private EventWriter(string path, FileStream file, EventWriterOptions options)
    {
        Path = path;
        _file = file;
        _options = options;
        new Thread(Consume) { IsBackground = true, Name = "omk event log" }.Start();
    }

    public string Path { get; }

    /// <summary>Events accepted so far (queued or written).</summary>
    public long Appended => Interlocked.Read(ref _appended);

    /// <summary>
    /// Opens (or creates) the log for appending. If a previous writer died mid-line, the torn line is
    /// closed with a newline first so the next event starts on its own line; nothing is removed.
    /// </summary>
    public static EventWriter Open(string path, EventWriterOptions? options = null)
    {
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, bufferSize: 0);
        try
        {
            if (file.Length > 0)
            {
                file.Seek(-1, SeekOrigin.End);
                var last = file.ReadByte();
                file.Seek(0, SeekOrigin.End);
                if (last != '\n')
                {
                    file.Write("\n"u8);
                }
            }
        }
        catch
        {
            file.Dispose();
            throw;
        }

        var sealedLog = file.Length > 0 && EventReader.Read(path).Any(e => RunSeal.IsTerminal(e.Kind));
        return new EventWriter(path, file, options ?? new EventWriterOptions()) { _sealed = sealedLog ? 1 : 0 };
    }

    /// <summary>True once the run's terminal event was appended (or found in the log opened).</summary>
    public bool IsSealed => Volatile.Read(ref _sealed) != 0;

    /// <summary>Queues an event; when the queue is full, writes what is queued first (see <see cref="Append"/>).</summary>
    public ValueTask AppendAsync(Event @event, CancellationToken cancellationToken = default)
    {
        Admit(@event);
        var line = Serialize(@event);
        try
        {
            return Queue(line) ? ValueTask.CompletedTask : ValueTask.FromException(Closed());
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            return ValueTask.FromException(ex);
        }
    }

    /// <summary>
    /// Queues an event from synchronous code. When <see cref="EventWriterOptions.Capacity"/> events are already queued,
    /// the caller writes them and its own line instead of waiting (back-pressure: a producer faster than the file pays for the writing).
    /// </summary>
    public void Append(Event @event)
    {
        Admit(@event);
        if (!Queue(Serialize(@event)))
        {
            throw Closed();
        }
    }

    // False when the writer is disposed.
    private bool Queue(byte[] line)
    {
        lock (_queueLock)
        {
            if (_completed)
            {
                return false;
            }

            if (_queued.Count < _options.Capacity)
            {
                _queued.Add(line);
                _queuedCount = _queued.Count;
                Interlocked.Increment(ref _appended);
                if (_consumerWaiting)
                {
                    Monitor.Pulse(_queueLock);
                }

                return true;
            }
        }

        WriteQueued(line, fsync: false);
        Interlocked.Increment(ref _appended);
        return true;
    }

    /// <summary>Returns once every event appended before this call is written to the OS.</summary>
    public Task FlushAsync(CancellationToken cancellationToken = default) => Barrier(fsync: false, cancellationToken);

    /// <summary>Returns once every event appended before this call is on disk (fsync). Use at run end and before a proof.</summary>
    public Task CheckpointAsync(CancellationToken cancellationToken = default) => Barrier(fsync: true, cancellationToken);

    /// <summary><see cref="FlushAsync"/> for synchronous code: the same write, on the caller's thread.</summary>
    public void Flush() => WriteQueued(null, fsync: false);

    /// <summary><see cref="CheckpointAsync"/> for synchronous code: the same write and fsync, on the caller's thread.</summary>
    public void Checkpoint() => WriteQueued(null, fsync: true);

    /// <summary>Writes what is queued, fsyncs and closes the file. Calling it again does nothing.</summary>
    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return ValueTask.CompletedTask;
        }

        lock (_queueLock)
        {
            _completed = true;
            Monitor.PulseAll(_queueLock);
        }

        lock (_io)
        {
            try
            {
                // What is still queued, then the fsync that makes the run's last events durable.
                WriteQueued(null, fsync: true);
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException)
            {
                return ValueTask.FromException(ex);
            }
            finally
            {
                _closed = true;
                _file.Dispose();
            }
        }

        return ValueTask.CompletedTask;
    }

    // The caller writes what is queued (and fsyncs) itself: the same work the consumer does, under the same lock, so lines
    // queued before the call are written before it returns. Not an async method: nothing here waits but the file.
    private Task Barrier(bool fsync, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled(cancellationToken);
        }

        try
        {
            WriteQueued(null, fsync);
            return Task.CompletedTask;
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            return Task.FromException(ex);
        }
    }

    private ObjectDisposedException Closed() => new(nameof(EventWriter), $"The event log '{Path}' is closed.");

    // The terminal event seals the run: afterwards only its proof_written is taken.
    private void Admit(Event @event)
    {
        ArgumentNullException.ThrowIfNull(@event);
        if (RunSeal.MayFollowSeal(@event.Kind))
        {
            return;
        }

        var wasSealed = RunSeal.IsTerminal(@event.Kind) ? Interlocked.Exchange(ref _sealed, 1) : Volatile.Read(ref _sealed);
        if (wasSealed != 0)
        {
            throw new RunSealedException($"The run in '{Path}' has ended: its verdict is sealed and '{@event.Kind.Value}' cannot be appended.");
        }
    }

    private byte[] Serialize(Event @event)
    {
        ThrowIfFaulted();
        var buffer = Scratch ??= new ArrayBufferWriter<byte>(1024);
        buffer.ResetWrittenCount();
        EventLine.Write(@event, buffer, _options.Redactor);
        var line = buffer.WrittenSpan.ToArray();
        if (buffer.Capacity > 64 * 1024)
        {
            Scratch = null; // do not keep a huge buffer per thread after one huge event
        }

        return line;
    }

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? Scratch;

    private void ThrowIfFaulted()
    {
        if (_fault is not null)
        {
            throw new IOException($"Writing the event log '{Path}' failed: {_fault.Message}", _fault);
        }
    }

    // The consumer: waits for queued lines and writes them, until the writer is disposed (or the file failed).
    private void Consume()
    {
        while (true)
        {
            // A producer's next line usually comes within microseconds: a short spin takes it without the futex wake-up
            // (and the producer's signal) that blocking costs, which would otherwise be paid per line.
            var spinner = default(SpinWait);
            for (var i = 0; i < 50 && Volatile.Read(ref _queuedCount) == 0 && !Volatile.Read(ref _completed); i++)
            {
                spinner.SpinOnce(sleep1Threshold: -1);
            }

            lock (_queueLock)
            {
                while (_queued.Count == 0 && !_completed)
                {
                    _consumerWaiting = true;
                    Monitor.Wait(_queueLock);
                    _consumerWaiting = false;
                }

                if (_queued.Count == 0)
                {
                    return; // completed: the disposing caller writes anything left
                }
            }

            try
            {
                WriteQueued(null, fsync: false);
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException)
            {
                return; // a failed write is recorded in _fault, and the next append or barrier reports it; disposed: done: the next append or barrier reports it
            }
        }
    }

    // Takes every queued line (and then `extra`) and writes them in order, in batches of up to MaxBatchBytes; the caller
    // holds no lock. Whoever writes holds _io from taking the lines until they are written, so a barrier that finds the
    // queue empty knows that every line queued before it is in the file.
    private void WriteQueued(byte[]? extra, bool fsync)
    {
        lock (_io)
        {
            ThrowIfFaulted();
            if (_closed)
            {
                throw Closed();
            }

            lock (_queueLock)
            {
                (_queued, _writing) = (_writing, _queued);
                _queuedCount = 0;
            }

            if (extra is not null)
            {
                _writing.Add(extra);
            }

            try
            {
                var batch = _batch ??= new byte[_options.MaxBatchBytes];
                var used = 0;
                foreach (var line in _writing)
                {
                    if (used + line.Length > batch.Length && used > 0)
                    {
                        _file.Write(batch, 0, used);
                        used = 0;
                    }

                    if (line.Length > batch.Length)
                    {
                        _file.Write(line);
                    }
                    else
                    {
                        line.CopyTo(batch, used);
                        used += line.Length;
                    }
                }

                if (used > 0)
                {
                    _file.Write(batch, 0, used);
                }

                _file.Flush(flushToDisk: fsync);
                if (fsync)
                {
                    RelinkIfDeleted();
                }
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                _fault = ex;
                throw new IOException($"Writing the event log '{Path}' failed: {ex.Message}", ex);
            }
            finally
            {
                _writing.Clear();
            }
        }
    }

    // A checkpoint finds the log still at its path; if something deleted it (a gate running 'git clean -xfd'), the log
    // is written again at its path from the open file, which still holds every line, and appends continue there.
    private void RelinkIfDeleted()
    {
        if (File.Exists(Path))
        {
            return;
        }

        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!);
        var restored = new FileStream(Path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read, bufferSize: 0);
        _file.Seek(0, SeekOrigin.Begin);
        _file.CopyTo(restored);
        restored.Flush(flushToDisk: true);
        var old = _file;
        _file = restored;
        old.Dispose();
        Restored = true;
    }

    /// <summary>True when the log was deleted under the writer and written again at its path.</summary>
    public bool Restored { get; private set; }
}
