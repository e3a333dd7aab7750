using System.Buffers;
using System.Threading.Channels;

namespace Omk.Events;

/// <summary>
/// The only writer of one <c>events.jsonl</c>. Producers on any thread serialize and redact their event
/// into a complete line, then queue it; one consumer appends queued lines in batches, flushing each
/// batch to the OS. So every line is whole and no two lines interleave, whatever the number of producers.
/// <see cref="CheckpointAsync"/> also fsyncs. There is no API that truncates or rewrites the file.
/// </summary>
public sealed class EventWriter : IEventSink, IAsyncDisposable
{
    private readonly Channel<Item> _queue;
    private FileStream _file;
    private readonly EventWriterOptions _options;
    private readonly Task _consumer;
    private long _appended;
    private int _disposed;
    private int _sealed;
    private Exception? _fault;

    private EventWriter(string path, FileStream file, EventWriterOptions options)
    {
        Path = path;
        _file = file;
        _options = options;
        _queue = Channel.CreateBounded<Item>(new BoundedChannelOptions(options.Capacity)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _consumer = Task.Run(ConsumeAsync);
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

        var writer = new EventWriter(path, file, options ?? new EventWriterOptions());
        if (file.Length > 0 && EventReader.Read(path).Any(e => RunSeal.IsTerminal(e.Kind)))
        {
            writer._sealed = 1;
        }

        return writer;
    }

    /// <summary>True once the run's terminal event was appended (or found in the log opened).</summary>
    public bool IsSealed => Volatile.Read(ref _sealed) != 0;

    /// <summary>Queues an event; waits only when the queue is full.</summary>
    public ValueTask AppendAsync(Event @event, CancellationToken cancellationToken = default)
    {
        Admit(@event);
        var line = Serialize(@event);
        if (_queue.Writer.TryWrite(new Item(line, null, false)))
        {
            Interlocked.Increment(ref _appended);
            return ValueTask.CompletedTask;
        }

        return SlowAppendAsync(line, cancellationToken);
    }

    /// <summary>Queues an event from synchronous code.</summary>
    public void Append(Event @event)
    {
        Admit(@event);
        var item = new Item(Serialize(@event), null, false);
        if (!_queue.Writer.TryWrite(item))
        {
            WaitToAppend(item);
        }

        Interlocked.Increment(ref _appended);
    }

    /// <summary>
    /// Blocks until the queue has room. Blocking on the channel's async wait instead would need a thread-pool
    /// thread to wake each blocked caller; with callers on pool threads that starves the pool (seconds of stalls).
    /// </summary>
    private void WaitToAppend(Item item)
    {
        var spinner = new SpinWait();
        while (!_queue.Writer.TryWrite(item))
        {
            ThrowIfFaulted();
            if (Volatile.Read(ref _disposed) != 0)
            {
                throw new ObjectDisposedException(nameof(EventWriter), $"The event log '{Path}' is closed.");
            }

            if (spinner.NextSpinWillYield)
            {
                Thread.Sleep(1);
            }
            else
            {
                spinner.SpinOnce();
            }
        }
    }

    /// <summary>Waits until every event appended before this call is written to the OS.</summary>
    public Task FlushAsync(CancellationToken cancellationToken = default) => BarrierAsync(fsync: false, cancellationToken);

    /// <summary>Waits until every event appended before this call is on disk (fsync). Use at run end and before a proof.</summary>
    public Task CheckpointAsync(CancellationToken cancellationToken = default) => BarrierAsync(fsync: true, cancellationToken);

    /// <summary>Writes what is queued, fsyncs and closes the file. Calling it again does nothing.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _queue.Writer.TryComplete();
        try
        {
            await _consumer.ConfigureAwait(false);

            // Not queued as an item: with a full queue that item could not be added, and the fsync was skipped.
            _file.Flush(flushToDisk: true);
        }
        finally
        {
            await _file.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async ValueTask SlowAppendAsync(byte[] line, CancellationToken cancellationToken)
    {
        ThrowIfFaulted();
        try
        {
            await _queue.Writer.WriteAsync(new Item(line, null, false), cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            ThrowIfFaulted();
            throw new ObjectDisposedException(nameof(EventWriter), $"The event log '{Path}' is closed.");
        }

        Interlocked.Increment(ref _appended);
    }

    // Not an async method: the common case (room in the queue) only waits for the consumer's signal, with no state
    // machine of its own to compile at the start of every short-lived omk process.
    private Task BarrierAsync(bool fsync, CancellationToken cancellationToken)
    {
        if (_fault is not null)
        {
            return Task.FromException(new IOException($"Writing the event log '{Path}' failed: {_fault.Message}", _fault));
        }

        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var item = new Item(null, done, fsync);
        return _queue.Writer.TryWrite(item) ? done.Task.WaitAsync(cancellationToken) : SlowBarrierAsync(item, cancellationToken);
    }

    private async Task SlowBarrierAsync(Item item, CancellationToken cancellationToken)
    {
        try
        {
            await _queue.Writer.WriteAsync(item, cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            ThrowIfFaulted();
            throw new ObjectDisposedException(nameof(EventWriter), $"The event log '{Path}' is closed.");
        }

        await item.Done!.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

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

    private async Task ConsumeAsync()
    {
        var batch = new byte[_options.MaxBatchBytes];
        var reader = _queue.Reader;
        var pendingBarriers = new List<Item>();
        try
        {
            while (await reader.WaitToReadAsync().ConfigureAwait(false))
            {
                var used = 0;
                var fsync = false;
                while (reader.TryRead(out var item))
                {
                    if (item.Line is { } line)
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
                    else
                    {
                        fsync |= item.Fsync;
                        if (item.Done is not null)
                        {
                            pendingBarriers.Add(item);
                            break; // honour the barrier before taking more work
                        }
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

                foreach (var barrier in pendingBarriers)
                {
                    barrier.Done!.TrySetResult();
                }

                pendingBarriers.Clear();
            }
        }
        catch (Exception ex)
        {
            _fault = ex;
            _queue.Writer.TryComplete(ex);
            foreach (var barrier in pendingBarriers)
            {
                barrier.Done!.TrySetException(ex);
            }

            while (reader.TryRead(out var item))
            {
                item.Done?.TrySetException(ex);
            }

            throw;
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

    // A class, not a struct: the channel and lists over it then run the framework's precompiled shared code instead of
    // dozens of generic methods compiled just in time at the start of every omk process.
    private sealed record Item(byte[]? Line, TaskCompletionSource? Done, bool Fsync);
}
