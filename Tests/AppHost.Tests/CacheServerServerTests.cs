using AppHost.Cache;

namespace AppHost.Tests;

public sealed class CacheServerServerTests
{
    [Theory]
    [InlineData(CacheServerKind.Redis)]
    [InlineData(CacheServerKind.Garnet)]
    public async Task EachLocalServerStartsAnswersPingAndIsGoneAfterDispose(CacheServerKind kind)
    {
        var server = await CacheServer.StartAsync(new CacheServerOptions { Kind = kind });
        var endpoint = server.Endpoint;
        var process = server.Process!;
        try
        {
            Assert.Equal(kind, server.Kind);
            Assert.Equal("127.0.0.1", endpoint.Host);
            Assert.True(await RespPing.PingAsync(endpoint, CancellationToken.None));
        }
        finally
        {
            await server.DisposeAsync();
        }

        Assert.True(process.HasExited);
        Assert.False(await RespPing.PingAsync(endpoint, CancellationToken.None));
    }

    [Fact]
    public async Task AConnectionStringIsUsedAsIsAndNothingIsStarted()
    {
        await using var owned = await CacheServer.StartAsync(new CacheServerOptions { Kind = CacheServerKind.Redis });

        await using (var external = await CacheServer.StartAsync(new CacheServerOptions { ConnectionString = owned.ConnectionString }))
        {
            Assert.Equal(CacheServerKind.External, external.Kind);
            Assert.Null(external.Process);
            Assert.Equal(owned.Endpoint.Port, external.Endpoint.Port);
        }

        Assert.True(await RespPing.PingAsync(owned.Endpoint, CancellationToken.None), "disposing an external cache must not stop it");
    }

    [Fact]
    public async Task AnUnreachableExternalCacheFailsWithAMessageNamingIt()
    {
        var options = new CacheServerOptions { ConnectionString = "127.0.0.1:1,password=secret", ReadyTimeout = TimeSpan.FromSeconds(1) };

        var error = await Assert.ThrowsAsync<CacheServerException>(() => CacheServer.StartAsync(options));

        Assert.Contains("127.0.0.1:1", error.Message, StringComparison.Ordinal);
        Assert.Contains("did not answer PING", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutAConnectionStringRedisOnPathIsPreferredOverGarnet()
    {
        Assert.NotNull(AppHost.Processes.ExecutableLocator.Find("redis-server"));

        Assert.Equal(CacheServerKind.Redis, CacheServer.Resolve(new CacheServerOptions()));
        Assert.Equal(CacheServerKind.External, CacheServer.Resolve(new CacheServerOptions { ConnectionString = "localhost:6379" }));
    }
}
