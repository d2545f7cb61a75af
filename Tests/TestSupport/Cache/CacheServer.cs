using System.Diagnostics;
using TestSupport.Processes;

namespace TestSupport.Cache;

/// <summary>
/// The cache server the tests and benchmarks use, resolved in one place: an external connection string when
/// given; else <c>redis-server</c> from PATH on a free loopback port; else the pinned <c>garnet-server</c> tool.
/// A server this class started is stopped when it is disposed.
/// </summary>
internal sealed class CacheServer : IAsyncDisposable
{
    private readonly ChildProcess? _process;
    private readonly string? _ownedDataDirectory;

    private CacheServer(CacheServerKind kind, CacheEndpoint endpoint, ChildProcess? process, string? ownedDataDirectory)
    {
        Kind = kind;
        Endpoint = endpoint;
        _process = process;
        _ownedDataDirectory = ownedDataDirectory;
    }

    /// <summary>Which server this is.</summary>
    public CacheServerKind Kind { get; }

    /// <summary>Where it listens, and its password if any.</summary>
    public CacheEndpoint Endpoint { get; }

    /// <summary>The connection string in the form Aspire injects (<c>host:port[,password=...]</c>).</summary>
    public string ConnectionString => Endpoint.ToConnectionString();

    /// <summary>The server process when this class started one.</summary>
    public ChildProcess? Process => _process;

    /// <summary>Resolves and, unless external, starts the cache server; returns once it answers PING.</summary>
    public static async Task<CacheServer> StartAsync(CacheServerOptions options, CancellationToken cancellationToken = default)
    {
        var kind = Resolve(options);
        if (kind == CacheServerKind.External)
        {
            var external = CacheEndpoint.Parse(options.ConnectionString!);
            await RespPing.WaitUntilReadyAsync(external, "external cache " + external.ToConnectionString(redactPassword: true), null, options.ReadyTimeout, cancellationToken);
            return new CacheServer(kind, external, null, null);
        }

        var ownedData = options.DataDirectory is null ? Directory.CreateTempSubdirectory("cache-").FullName : null;
        var dataDirectory = options.DataDirectory ?? ownedData!;
        Directory.CreateDirectory(dataDirectory);
        var endpoint = new CacheEndpoint("127.0.0.1", FreePort.Next(), null);
        var startInfo = kind == CacheServerKind.Redis
            ? RedisStartInfo(options, endpoint, dataDirectory)
            : await GarnetStartInfoAsync(options, endpoint, cancellationToken);
        var process = ChildProcess.Start(kind == CacheServerKind.Redis ? "redis-server" : "garnet-server", startInfo);
        try
        {
            await RespPing.WaitUntilReadyAsync(endpoint, process.Name, process, options.ReadyTimeout, cancellationToken);
        }
        catch
        {
            await process.DisposeAsync();
            DeleteQuietly(ownedData);
            throw;
        }

        return new CacheServer(kind, endpoint, process, ownedData);
    }

    /// <summary>Picks the server kind for these options without starting anything.</summary>
    public static CacheServerKind Resolve(CacheServerOptions options)
    {
        if (options.Kind != CacheServerKind.Auto)
        {
            if (options.Kind == CacheServerKind.External && string.IsNullOrWhiteSpace(options.ConnectionString))
            {
                throw new InvalidOperationException("An external cache needs a connection string (ConnectionStrings:cache).");
            }

            return options.Kind;
        }

        if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return CacheServerKind.External;
        }

        return ExecutableLocator.Find("redis-server") is not null ? CacheServerKind.Redis : CacheServerKind.Garnet;
    }

    /// <summary>Stops the server this class started (SIGTERM, then SIGKILL after a grace period).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }

        DeleteQuietly(_ownedDataDirectory);
    }

    private static ProcessStartInfo RedisStartInfo(CacheServerOptions options, CacheEndpoint endpoint, string dataDirectory)
    {
        var path = ExecutableLocator.Find("redis-server")
            ?? throw new InvalidOperationException("redis-server was requested but is not on PATH (apt-get install -y redis-server).");
        var info = new ProcessStartInfo(path) { WorkingDirectory = dataDirectory };
        string[] args =
        [
            "--port", endpoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--bind", endpoint.Host,
            "--dir", dataDirectory,
            "--daemonize", "no",
            // RDB snapshots off in both modes: tests want none, the fault scenarios rely on the AOF alone.
            "--save", string.Empty,
            "--appendonly", options.AppendOnly ? "yes" : "no",
            // fsync before acknowledging: an event the publisher saw acknowledged is then never lost to a SIGKILL
            // (the default, everysec, may lose the last second). Writes come in batches (LPUSHes of many events,
            // one apply script per batch), so this costs a few fsyncs per second, not one per event.
            "--appendfsync", "always",
        ];
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return info;
    }

    private static async Task<ProcessStartInfo> GarnetStartInfoAsync(
        CacheServerOptions options, CacheEndpoint endpoint, CancellationToken cancellationToken)
    {
        var root = options.ToolManifestRoot ?? RepositoryLayout.FindToolManifestRoot()
            ?? throw new InvalidOperationException(
                "garnet-server is needed (no redis-server on PATH) but no .config/dotnet-tools.json was found above "
                + AppContext.BaseDirectory + ". Install redis-server or run from the repository.");
        await DotnetTool.RestoreAsync(root, cancellationToken);
        var info = new ProcessStartInfo(ExecutableLocator.Find("dotnet") ?? "dotnet") { WorkingDirectory = root };
        string[] args =
        [
            "tool", "run", "garnet-server", "--",
            "--port", endpoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--bind", endpoint.Host,
            // Scripts are how the aggregator claims and applies a batch atomically. Garnet runs them only with --lua,
            // and runs them atomically (keys locked for the whole script) only in transaction mode: without it two
            // consumers' claims interleaved and whole batches were lost (QueueConsumerGarnetServerTests).
            "--lua",
            "--lua-transaction-mode",
            "--memory", options.GarnetMemory,
        ];

        // No persistence for Garnet, even when AppendOnly is asked: garnet-server 2.2.8 with --aof crashed on
        // its first page flush here (TsavoriteLogAllocatorImpl.WriteAsync). It is the zero-install fallback;
        // redis-server is the persistent path.
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return info;
    }

    private static void DeleteQuietly(string? directory)
    {
        if (directory is null)
        {
            return;
        }

        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless; the OS cleans /tmp.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
