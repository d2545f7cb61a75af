using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net.Sockets;

namespace ServiceDefaults.Redis;

/// <summary>
/// One socket to the server. Writers serialize on a lock that covers both writing a command and enqueueing its
/// reply slot, so replies (which Redis sends in order) complete slots in order; one reader loop parses replies off a
/// <see cref="PipeReader"/>. Any failure breaks the connection and fails every command still waiting on it.
/// </summary>
internal sealed class RedisConnection : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly PipeReader _reader;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ConcurrentQueue<TaskCompletionSource<RedisValue>> _pending = new();
    private readonly ArrayBufferWriter<byte> _buffer = new(4096);
    private readonly Task _readLoop;
    private Exception? _failure;

    private RedisConnection(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _reader = PipeReader.Create(_stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024));
        _readLoop = Task.Run(ReadLoopAsync);
    }

    /// <summary>Why the connection broke, or null while it works.</summary>
    public Exception? Failure => Volatile.Read(ref _failure);

    public static async Task<RedisConnection> OpenAsync(RedisOptions options, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.ConnectTimeout);
        try
        {
            await socket.ConnectAsync(options.Host, options.Port, timeout.Token);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw new RedisConnectionException($"Cannot connect to the cache at {options}: {e.Message}", e);
        }

        return new RedisConnection(socket);
    }

    /// <summary>Sends commands in one write and returns their replies' tasks, in order.</summary>
    public async Task<Task<RedisValue>[]> SendAsync(IReadOnlyList<(string Command, object[] Args)> commands, CancellationToken cancellationToken)
    {
        var slots = new Task<RedisValue>[commands.Count];
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            if (Failure is { } failure)
            {
                throw new RedisConnectionException("The cache connection is broken: " + failure.Message, failure);
            }

            _buffer.ResetWrittenCount();
            for (var i = 0; i < commands.Count; i++)
            {
                RespWriter.Write(_buffer, commands[i].Command, commands[i].Args);
                var slot = new TaskCompletionSource<RedisValue>(TaskCreationOptions.RunContinuationsAsynchronously);
                _pending.Enqueue(slot);
                slots[i] = slot.Task;
            }

            try
            {
                await _stream.WriteAsync(_buffer.WrittenMemory, CancellationToken.None);
            }
            catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
            {
                Break(new RedisConnectionException("Writing to the cache failed: " + e.Message, e));
                throw Failure!;
            }
        }
        finally
        {
            _writeLock.Release();
        }

        // The reader may have broken the connection while we wrote: slots enqueued after its drain must fail too.
        if (Failure is { } broken)
        {
            FailPending(broken);
        }

        return slots;
    }

    /// <summary>Marks the connection broken: closes the socket and fails every waiting command.</summary>
    public void Break(Exception reason)
    {
        if (Interlocked.CompareExchange(ref _failure, reason, null) is not null)
        {
            return;
        }

        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }

        FailPending(reason);
    }

    private void FailPending(Exception reason)
    {
        while (_pending.TryDequeue(out var slot))
        {
            slot.TrySetException(reason);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Break(new RedisConnectionException("The cache connection was closed."));
        await _stream.DisposeAsync();
        try
        {
            await _readLoop;
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or SocketException or OperationCanceledException)
        {
        }

        _writeLock.Dispose();
    }

    private async Task ReadLoopAsync()
    {
        try
        {
            var probe = default(RespProbe);
            while (true)
            {
                var result = await _reader.ReadAsync();
                var buffer = result.Buffer;
                while (RespParser.TryParse(ref buffer, ref probe, out var value))
                {
                    if (value.Kind == RedisValueKind.Push)
                    {
                        continue; // RESP3 out-of-band messages (we subscribe to nothing)
                    }

                    if (!_pending.TryDequeue(out var slot))
                    {
                        throw new RedisProtocolException("The cache sent a reply nobody asked for.");
                    }

                    slot.TrySetResult(value);
                }

                _reader.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                {
                    Break(new RedisConnectionException("The cache closed the connection."));
                    return;
                }
            }
        }
        catch (Exception e)
        {
            Break(e is RedisProtocolException ? e : new RedisConnectionException("Reading from the cache failed: " + e.Message, e));
        }
        finally
        {
            await _reader.CompleteAsync();
        }
    }
}
