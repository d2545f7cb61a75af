using TestSupport.Cache;

namespace ServiceDefaults.Tests.Redis;

/// <summary>One cache server per test class, started on a free loopback port and stopped with the class.</summary>
public abstract class CacheFixture(CacheServerKind kind) : IAsyncLifetime
{
    internal CacheServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await CacheServer.StartAsync(new CacheServerOptions { Kind = kind });

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

/// <summary>redis-server from PATH.</summary>
public sealed class RedisFixture() : CacheFixture(CacheServerKind.Redis);

/// <summary>The pinned Garnet tool.</summary>
public sealed class GarnetFixture() : CacheFixture(CacheServerKind.Garnet);
