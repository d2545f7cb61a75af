using StackExchange.Redis;
using TestSupport.Cache;

namespace Telemetry.Aggregator.Tests.Support;

/// <summary>One cache server per test class, on a free loopback port, stopped with the class.</summary>
public abstract class CacheFixture(CacheServerKind kind) : IAsyncLifetime
{
    private CacheServer _server = null!;

    /// <summary>The server's connection string.</summary>
    public string ConnectionString => _server.ConnectionString;

    public async Task InitializeAsync() => _server = await CacheServer.StartAsync(new CacheServerOptions { Kind = kind });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    /// <summary>A new client of the server (each test replica gets its own connection); admin commands allowed for FLUSHALL.</summary>
    internal ConnectionMultiplexer NewClient() => ConnectionMultiplexer.Connect(ConnectionString + ",allowAdmin=true");

    /// <summary>Empties the server.</summary>
    internal static Task FlushAsync(IConnectionMultiplexer connection) => connection.GetServer(connection.GetEndPoints()[0]).FlushAllDatabasesAsync();
}

/// <summary>redis-server from PATH.</summary>
public sealed class RedisFixture() : CacheFixture(CacheServerKind.Redis);

/// <summary>The pinned Garnet tool.</summary>
public sealed class GarnetFixture() : CacheFixture(CacheServerKind.Garnet);
