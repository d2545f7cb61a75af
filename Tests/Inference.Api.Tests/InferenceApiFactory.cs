using TestSupport.Cache;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Inference.Api.Tests;

/// <summary>The real service in memory: the shipped model, a real redis-server, a private spool folder.</summary>
public sealed class InferenceApiFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly DirectoryInfo _spool = Directory.CreateTempSubdirectory("inference-spool-");

    internal CacheServer Cache { get; private set; } = null!;

    public string SpoolDirectory => _spool.FullName;

    public async Task InitializeAsync() => Cache = await CacheServer.StartAsync(new CacheServerOptions { Kind = CacheServerKind.Redis });

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await Cache.DisposeAsync();
        _spool.Delete(recursive: true);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:cache", Cache.ConnectionString);
        builder.UseSetting("Telemetry:Events:SpoolDirectory", _spool.FullName);
        builder.UseSetting("Telemetry:Events:InitialRetryDelay", "00:00:00.100");
        builder.UseSetting("Telemetry:Events:MaxRetryDelay", "00:00:00.500");
        builder.UseSetting("Model:IntraOpThreads", "1");
    }
}
