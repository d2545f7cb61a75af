using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Telemetry.Aggregator.Tests.Support;

/// <summary>The aggregator in memory against a real redis-server, with fast consumer and gauge cycles.</summary>
public class AggregatorFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly RedisFixture _cache = new();

    /// <summary>The cache the service uses.</summary>
    public CacheFixture Cache => _cache;

    /// <summary>Starts the cache server; a subclass may seed it after this.</summary>
    public virtual Task InitializeAsync() => _cache.InitializeAsync();

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await _cache.DisposeAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:cache", _cache.ConnectionString);
        builder.UseSetting("Aggregator:IdleDelay", "00:00:00.020");
        builder.UseSetting("Aggregator:LeaseTimeout", "00:00:02");
        builder.UseSetting("Aggregator:GaugeRefreshInterval", "00:00:00.200");
    }
}
