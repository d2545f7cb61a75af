using System.Diagnostics;

namespace ServiceDefaults.Redis;

/// <summary>
/// A lean client for the cache: one multiplexed, pipelined connection opened on first use and reopened after a
/// failure (with exponential back-off between attempts; while the server is unreachable commands fail fast with
/// <see cref="RedisConnectionException"/> rather than queue). Every command has a timeout; a timed-out connection
/// is dropped, since its replies can no longer be matched. Scripts run by SHA and are loaded on NOSCRIPT.
/// </summary>
internal sealed class RedisClient : IAsyncDisposable
{
    /// <summary>Activity source of command spans (<c>db.system.name=redis</c>; arguments are never recorded).</summary>
    public static readonly ActivitySource ActivitySource = new("ServiceDefaults.Redis");

    private static readonly TimeSpan s_maxBackoff = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim _connectLock = new(1, 1);
    private RedisConnection? _connection;
    private DateTime _nextAttempt = DateTime.MinValue;
    private TimeSpan _backoff = TimeSpan.FromMilliseconds(100);

    public RedisClient(RedisOptions options) => Options = options;

    public RedisOptions Options { get; }

    /// <summary>Runs one command; server errors are raised as <see cref="RedisServerException"/>.</summary>
    public async Task<RedisValue> ExecuteAsync(string command, object[] args, CancellationToken cancellationToken = default) =>
        (await ExecuteBatchAsync([(command, args)], cancellationToken))[0].ThrowIfError(command);

    /// <summary>Runs commands pipelined in one write; error replies are returned, not raised, so each can be inspected.</summary>
    public async Task<RedisValue[]> ExecuteBatchAsync(IReadOnlyList<(string Command, object[] Args)> commands, CancellationToken cancellationToken = default)
    {
        // A span only inside an operation that is being recorded (a request; not a health probe, which is kept out
        // of traces): the background loops (queue consumers, the event publisher, the alert evaluator) poll many
        // times a second, and root spans of their commands would flood trace stores and evict the request traces
        // people look for.
        using var activity = Activity.Current is { Recorded: true } && ActivitySource.HasListeners() ? StartActivity(commands) : null;
        var connection = await ConnectAsync(cancellationToken);
        try
        {
            var replies = await connection.SendAsync(commands, cancellationToken);
            var all = Task.WhenAll(replies);
            await all.WaitAsync(Options.CommandTimeout, cancellationToken);
            return all.Result;
        }
        catch (TimeoutException)
        {
            var error = new RedisTimeoutException($"Redis {commands[0].Command} got no reply from {Options} within {Options.CommandTimeout.TotalMilliseconds:0} ms.");
            connection.Break(error);
            activity?.SetStatus(ActivityStatusCode.Error, error.Message);
            throw error;
        }
        catch (Exception e) when (activity is not null)
        {
            activity.SetStatus(ActivityStatusCode.Error, e.Message);
            throw;
        }
    }

    /// <summary>EVALSHA, loading the script and retrying once when the server answers NOSCRIPT.</summary>
    public async Task<RedisValue> ScriptEvaluateAsync(RedisScript script, string[] keys, object[] args, CancellationToken cancellationToken = default)
    {
        object[] call = [script.Sha1, keys.Length, .. keys, .. args];
        var reply = (await ExecuteBatchAsync([("EVALSHA", call)], cancellationToken))[0];
        if (reply.Kind == RedisValueKind.Error && reply.AsString()!.StartsWith("NOSCRIPT", StringComparison.Ordinal))
        {
            await ExecuteAsync("SCRIPT", ["LOAD", script.Source], cancellationToken);
            reply = (await ExecuteBatchAsync([("EVALSHA", call)], cancellationToken))[0];
        }

        return reply.ThrowIfError("EVALSHA");
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is { } connection)
        {
            await connection.DisposeAsync();
        }

        _connectLock.Dispose();
    }

    private async Task<RedisConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        var current = Volatile.Read(ref _connection);
        if (current is { Failure: null })
        {
            return current;
        }

        await _connectLock.WaitAsync(cancellationToken);
        try
        {
            current = _connection;
            if (current is { Failure: null })
            {
                return current;
            }

            if (current is not null)
            {
                await current.DisposeAsync();
                _connection = null;
            }

            if (DateTime.UtcNow < _nextAttempt)
            {
                throw new RedisConnectionException($"The cache at {Options} is unreachable; next reconnect attempt in {(_nextAttempt - DateTime.UtcNow).TotalMilliseconds:0} ms.");
            }

            try
            {
                var connection = await RedisConnection.OpenAsync(Options, cancellationToken);
                await HandshakeAsync(connection, cancellationToken);
                _backoff = TimeSpan.FromMilliseconds(100);
                _connection = connection;
                return connection;
            }
            catch (Exception e) when (e is RedisConnectionException or RedisServerException or RedisTimeoutException)
            {
                _nextAttempt = DateTime.UtcNow + _backoff;
                _backoff = TimeSpan.FromTicks(Math.Min(s_maxBackoff.Ticks, _backoff.Ticks * 2));
                throw e as RedisConnectionException ?? new RedisConnectionException($"Cache handshake with {Options} failed: {e.Message}", e);
            }
        }
        finally
        {
            _connectLock.Release();
        }
    }

    private async Task HandshakeAsync(RedisConnection connection, CancellationToken cancellationToken)
    {
        var commands = new List<(string, object[])>();
        if (Options.Resp3)
        {
            commands.Add(Options.Password is { } p ? ("HELLO", [3, "AUTH", Options.User ?? "default", p]) : ("HELLO", [3]));
        }
        else if (Options.Password is { } password)
        {
            commands.Add(Options.User is { } user ? ("AUTH", [user, password]) : ("AUTH", [password]));
        }

        if (Options.Database != 0)
        {
            commands.Add(("SELECT", [Options.Database]));
        }

        if (commands.Count == 0)
        {
            return;
        }

        var replies = await connection.SendAsync(commands, cancellationToken);
        var all = await Task.WhenAll(replies).WaitAsync(Options.ConnectTimeout, cancellationToken);
        for (var i = 0; i < all.Length; i++)
        {
            if (all[i].Kind == RedisValueKind.Error)
            {
                await connection.DisposeAsync();
                // The server's message for AUTH never contains the password; the command name is enough context.
                throw new RedisServerException(commands[i].Item1, all[i].AsString() ?? string.Empty);
            }
        }

        if (Options.ClientName is { } name)
        {
            // CLIENT SETNAME is optional: Garnet and proxies may refuse it, which must not fail the connection.
            _ = await (await connection.SendAsync([("CLIENT", ["SETNAME", name])], cancellationToken))[0].WaitAsync(Options.ConnectTimeout, cancellationToken);
        }
    }

    private Activity? StartActivity(IReadOnlyList<(string Command, object[] Args)> commands)
    {
        var activity = ActivitySource.StartActivity(commands.Count == 1 ? commands[0].Command : "PIPELINE", ActivityKind.Client);
        activity?.SetTag("db.system.name", "redis");
        activity?.SetTag("db.operation.name", commands.Count == 1 ? commands[0].Command : "PIPELINE");
        activity?.SetTag("db.operation.batch.size", commands.Count);
        activity?.SetTag("server.address", Options.Host);
        activity?.SetTag("server.port", Options.Port);
        return activity;
    }
}
